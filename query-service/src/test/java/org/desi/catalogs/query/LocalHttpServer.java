package org.desi.catalogs.query;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** A real HTTP(S) server on 127.0.0.1 (the JDK's), serving what a test gives it: where uploads are fetched from. */
public final class LocalHttpServer implements AutoCloseable {

    private final HttpServer server;

    private LocalHttpServer(HttpServer server) {
        this.server = server;
    }

    public static LocalHttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.start();
            return new LocalHttpServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /**
     * An HTTPS server with {@code tls}'s certificate; {@code serverNames} receives the SNI host names clients send.
     */
    public static LocalHttpServer startTls(javax.net.ssl.SSLContext tls, java.util.function.Consumer<String> serverNames) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                    p.setSNIMatchers(java.util.List.of(new javax.net.ssl.SNIMatcher(javax.net.ssl.StandardConstants.SNI_HOST_NAME) {
                        @Override
                        public boolean matches(javax.net.ssl.SNIServerName name) {
                            serverNames.accept(((javax.net.ssl.SNIHostName) name).getAsciiName());
                            return true;
                        }
                    }));
                    params.setSSLParameters(p);
                }
            });
            s.start();
            return new LocalHttpServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code path} (and, as the JDK's server matches prefixes, anything under it) answers 200 with {@code body}. */
    public LocalHttpServer serve(String path, byte[] body) {
        return handle(path, x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
    }

    public LocalHttpServer handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
