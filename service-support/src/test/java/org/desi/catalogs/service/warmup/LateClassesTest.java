package org.desi.catalogs.service.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class LateClassesTest {

    @Test
    void whatTheTlsStackAndATokenCheckUseLaterLoadsNoClassOnceTheyAreLoaded() throws Exception {
        // the lookup machinery itself, as any service has used it before its warm-up starts
        MessageDigest.getInstance("SHA-256").digest(new byte[1]);
        Cipher.getInstance("AES/GCM/NoPadding");
        LateClasses.load();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long before = classes.getTotalLoadedClassCount();
        // what a service met some seconds after its warm-up, each loading a class that threw compiled code away:
        // the JDK HTTP client's default TLS context (DESCrypt: the AES-GCM code), a certificate check (SHA-224:
        // the SHA-256 code)
        SSLContext.getDefault().createSSLEngine().getSupportedCipherSuites();
        MessageDigest.getInstance("SHA-224").digest(new byte[1]);
        MessageDigest.getInstance("SHA-512/256").digest(new byte[1]);
        Cipher.getInstance("DESede/CBC/PKCS5Padding");
        assertEquals(before, classes.getTotalLoadedClassCount(), "classes loaded after LateClasses.load()");
    }
}
