package org.desi.catalogs.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP forwarder that can be shut and opened: shut, it accepts and drops connections (a database
 * that is down); open, it relays bytes to the real server. Lets a test start a service against an
 * unreachable database and then watch it recover.
 */
public final class TcpGate implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private volatile boolean open;

    public TcpGate(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread t = new Thread(this::acceptLoop, "tcp-gate");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void open() {
        open = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                pipe(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream);
            } catch (IOException e) {
                // a refused or broken connection is what this gate is for
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection ended
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "tcp-gate-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
