package org.desi.catalogs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Helm chart rendered by a real helm v3 with the default and the lab values, checked object by object. */
class HelmChartTest {

    static final List<String> SERVICES = List.of("query", "ingest", "crossmatch");

    static List<HasMetadata> render(boolean lab) throws Exception {
        return lab ? Tools.objects(Tools.helmTemplate("desi", "-f", Tools.CHART.resolve("values-lab.yaml").toString()))
                : Tools.objects(Tools.helmTemplate("desi"));
    }

    /** quarkus.http.port of a service module, from its own application.properties. */
    static int configuredPort(String svc) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Tools.ROOT.resolve(svc + "-service/src/main/resources/application.properties"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("quarkus.http.port"));
    }

    static List<PodSpec> podSpecs(List<HasMetadata> objects) {
        List<PodSpec> specs = new ArrayList<>();
        Tools.ofKind(objects, Deployment.class).forEach(d -> specs.add(d.getSpec().getTemplate().getSpec()));
        Tools.ofKind(objects, Job.class).forEach(j -> specs.add(j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    @Test
    void lintsWithDefaultAndLabValues() throws Exception {
        Tools.ok(Tools.ROOT, Tools.tool("helm").toString(), "lint", Tools.CHART.toString());
        Tools.ok(Tools.ROOT, Tools.tool("helm").toString(), "lint", Tools.CHART.toString(), "-f",
                Tools.CHART.resolve("values-lab.yaml").toString());
    }

    @Test
    void rendersEveryObjectTheServicesNeed() throws Exception {
        for (boolean lab : new boolean[] {false, true}) {
            List<HasMetadata> o = render(lab);
            assertEquals(3, Tools.ofKind(o, Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().matches("desi-desi-catalogs-(query|ingest|crossmatch)")).count());
            assertEquals(3, Tools.ofKind(o, Service.class).size());
            assertEquals(3, Tools.ofKind(o, NetworkPolicy.class).size());
            assertEquals(2, Tools.ofKind(o, HorizontalPodAutoscaler.class).size(), "query and crossmatch scale");
            assertEquals(2, Tools.ofKind(o, PodDisruptionBudget.class).size());
            assertEquals(1, Tools.ofKind(o, PersistentVolumeClaim.class).size());
            Job migrate = Tools.ofKind(o, Job.class).get(0);
            assertEquals("pre-install,pre-upgrade", migrate.getMetadata().getAnnotations().get("helm.sh/hook"));
            assertTrue(env(migrate.getSpec().getTemplate().getSpec().getContainers().get(0))
                    .contains("DESI_MIGRATION_EXIT_AFTER=true"), "the hook job migrates and exits");
            assertTrue(Tools.ofKind(o, ConfigMap.class).stream().anyMatch(c -> c.getData().containsKey("desi-catalogs.json")),
                    "Grafana dashboard ConfigMap");
        }
    }

    static List<String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null).map(e -> e.getName() + "=" + e.getValue()).toList();
    }

    @Test
    void everyContainerHasResourcesAndRestrictedSecurity() throws Exception {
        for (boolean lab : new boolean[] {false, true}) {
            for (PodSpec pod : podSpecs(render(lab))) {
                assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
                assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
                for (Container c : pod.getContainers()) {
                    String n = c.getName();
                    assertNotNull(c.getResources().getRequests().get("cpu"), n);
                    assertNotNull(c.getResources().getRequests().get("memory"), n);
                    assertNotNull(c.getResources().getLimits().get("memory"), n);
                    assertNotNull(c.getResources().getLimits().get("cpu"), n);
                    var sc = c.getSecurityContext();
                    assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), n);
                    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), n);
                    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), n);
                    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), n);
                    assertEquals("RuntimeDefault", sc.getSeccompProfile().getType(), n);
                }
            }
        }
    }

    @Test
    void probesAndPortsMatchTheServicesConfiguration() throws Exception {
        List<HasMetadata> o = render(true);
        for (String svc : SERVICES) {
            int port = configuredPort(svc);
            Deployment d = Tools.ofKind(o, Deployment.class).stream()
                    .filter(x -> x.getMetadata().getName().equals("desi-desi-catalogs-" + svc)).findFirst().orElseThrow();
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(port, c.getPorts().get(0).getContainerPort(), svc);
            assertEquals("http", c.getPorts().get(0).getName());
            ConfigMap cm = Tools.ofKind(o, ConfigMap.class).stream()
                    .filter(x -> x.getMetadata().getName().equals("desi-desi-catalogs-" + svc)).findFirst().orElseThrow();
            assertEquals(String.valueOf(port), cm.getData().get("QUARKUS_HTTP_PORT"), svc + " listens where probed");
            assertProbe(c.getStartupProbe(), "/q/health/started");
            assertProbe(c.getLivenessProbe(), "/q/health/live");
            assertProbe(c.getReadinessProbe(), "/q/health/ready");
            Service s = Tools.ofKind(o, Service.class).stream()
                    .filter(x -> x.getMetadata().getName().equals("desi-desi-catalogs-" + svc)).findFirst().orElseThrow();
            assertEquals(port, s.getSpec().getPorts().get(0).getPort());
            assertEquals(d.getSpec().getSelector().getMatchLabels(), s.getSpec().getSelector(),
                    "the Service selects the Deployment's pods");
            assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(s.getSpec().getSelector().entrySet()));
        }
    }

    static void assertProbe(Probe p, String path) {
        assertNotNull(p, path);
        assertEquals(path, p.getHttpGet().getPath());
        assertEquals("http", p.getHttpGet().getPort().getStrVal());
    }

    @Test
    void credentialsComeOnlyFromTheExistingSecret() throws Exception {
        for (boolean lab : new boolean[] {false, true}) {
            List<HasMetadata> o = render(lab);
            assertTrue(o.stream().noneMatch(x -> x.getKind().equals("Secret")), "the chart creates no Secret");
            for (PodSpec pod : podSpecs(o)) {
                for (Container c : pod.getContainers()) {
                    for (EnvVar e : c.getEnv()) {
                        if (e.getName().matches(".*(USER|PASSWORD|DATA_SOURCE_NAME).*")) {
                            assertTrue(e.getValue() == null && e.getValueFrom().getSecretKeyRef() != null,
                                    e.getName() + " must come from a secretKeyRef");
                            assertEquals(lab ? "desi-db-credentials" : "desi-db-credentials",
                                    e.getValueFrom().getSecretKeyRef().getName());
                        }
                    }
                }
            }
            for (ConfigMap cm : Tools.ofKind(o, ConfigMap.class)) {
                cm.getData().keySet().forEach(k -> assertFalse(k.contains("PASSWORD"), cm.getMetadata().getName() + " " + k));
            }
        }
        Tools.Result r = Tools.run(Tools.ROOT, Tools.tool("helm").toString(), "template", "x", Tools.CHART.toString(),
                "--set", "database.password=secret");
        assertTrue(r.exit() != 0 && r.out().contains("password"), "values.schema.json refuses a password in values: " + r.out());
    }

    @Test
    void labValuesUseProjPg01NvmeStorageAndThePrometheusOperator() throws Exception {
        List<HasMetadata> lab = render(true);
        PersistentVolumeClaim pvc = Tools.ofKind(lab, PersistentVolumeClaim.class).get(0);
        assertEquals("nvme-high-perf", pvc.getSpec().getStorageClassName());
        assertEquals("proj-pg01", Tools.ofKind(lab, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-database")).findFirst().orElseThrow()
                .getData().get("DESI_DB_HOST"));
        List<String> kinds = lab.stream().map(HasMetadata::getKind).toList();
        assertTrue(kinds.contains("ServiceMonitor") && kinds.contains("PrometheusRule"), kinds.toString());
        GenericKubernetesResource sm = lab.stream().filter(x -> x.getKind().equals("ServiceMonitor"))
                .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
        assertTrue(sm.toString().contains("/q/metrics"));
        // without the operator: no ServiceMonitor, scrape annotations on the pods instead
        List<HasMetadata> plain = render(false);
        assertFalse(plain.stream().anyMatch(x -> x.getKind().equals("ServiceMonitor")));
        for (Deployment d : Tools.ofKind(plain, Deployment.class)) {
            if (d.getMetadata().getName().contains("postgres-exporter")) {
                continue;
            }
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", a.get("prometheus.io/scrape"), d.getMetadata().getName());
            assertEquals("/q/metrics", a.get("prometheus.io/path"));
        }
    }

    @Test
    void networkPoliciesOpenQueryToLabelledNamespacesOnly() throws Exception {
        for (NetworkPolicy np : Tools.ofKind(render(true), NetworkPolicy.class)) {
            boolean query = np.getMetadata().getName().endsWith("-query");
            boolean labelled = np.getSpec().getIngress().stream().flatMap(i -> i.getFrom().stream())
                    .anyMatch(f -> f.getNamespaceSelector() != null
                            && "true".equals(f.getNamespaceSelector().getMatchLabels().get("desi.lab/query-access")));
            assertEquals(query, labelled, np.getMetadata().getName());
            assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
            assertTrue(np.getSpec().getEgress().stream().flatMap(e -> e.getPorts().stream())
                    .anyMatch(p -> p.getPort().getIntVal() == 5432), "egress to PostgreSQL");
            assertTrue(np.getSpec().getEgress().stream().flatMap(e -> e.getPorts().stream())
                    .anyMatch(p -> p.getPort().getIntVal() == 53), "egress to DNS");
        }
    }

    /** The web page's job requests: query-service forwards them to the other two Services, and may reach them. */
    @Test
    void queryServiceForwardsJobRequestsToServicesItMayReach() throws Exception {
        List<HasMetadata> objects = render(true);
        ConfigMap query = Tools.ofKind(objects, ConfigMap.class).stream()
                .filter(c -> c.getData() != null && c.getData().containsKey("DESI_QUERY_INGEST_URL")).findFirst().orElseThrow();
        NetworkPolicy policy = Tools.ofKind(objects, NetworkPolicy.class).stream()
                .filter(np -> np.getMetadata().getName().endsWith("-query")).findFirst().orElseThrow();
        for (String target : List.of("ingest", "crossmatch")) {
            String url = query.getData().get("DESI_QUERY_" + target.toUpperCase() + "_URL");
            Service service = Tools.ofKind(objects, Service.class).stream()
                    .filter(s -> s.getMetadata().getName().endsWith("-" + target)).findFirst().orElseThrow();
            int port = service.getSpec().getPorts().get(0).getPort();
            assertEquals("http://" + service.getMetadata().getName() + ":" + port, url, target);
            Map<String, String> pods = service.getSpec().getSelector();
            assertTrue(policy.getSpec().getEgress().stream().anyMatch(e -> e.getTo().stream()
                    .anyMatch(t -> t.getPodSelector() != null && pods.equals(t.getPodSelector().getMatchLabels()))
                    && e.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port)),
                    "query-service's NetworkPolicy lets it reach " + target + " on " + port);
        }
    }

    /** Async TAP jobs on a shared ReadWriteMany volume, when asked for: mounted in query pods only, and used. */
    @Test
    void tapJobsLiveOnASharedVolumeWhenOneIsEnabled() throws Exception {
        assertTrue(Tools.ofKind(render(true), PersistentVolumeClaim.class).stream()
                .noneMatch(p -> p.getMetadata().getName().endsWith("-tap-jobs")), "off by default");
        List<HasMetadata> objects = Tools.objects(Tools.helmTemplate("desi", "-f",
                Tools.CHART.resolve("values-lab.yaml").toString(), "--set", "tapJobsVolume.enabled=true",
                "--set", "tapJobsVolume.storageClass=cephfs"));
        PersistentVolumeClaim pvc = Tools.ofKind(objects, PersistentVolumeClaim.class).stream()
                .filter(p -> p.getMetadata().getName().endsWith("-tap-jobs")).findFirst().orElseThrow();
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertEquals("cephfs", pvc.getSpec().getStorageClassName());
        for (Deployment d : Tools.ofKind(objects, Deployment.class)) {
            boolean query = d.getMetadata().getName().endsWith("-query");
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            boolean mounted = pod.getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals(pvc.getMetadata().getName()))
                    && pod.getContainers().get(0).getVolumeMounts().stream()
                    .anyMatch(m -> m.getMountPath().equals("/tap-jobs"));
            assertEquals(query, mounted, d.getMetadata().getName());
        }
        assertTrue(Tools.ofKind(objects, ConfigMap.class).stream().anyMatch(c -> c.getData() != null
                && "/tap-jobs".equals(c.getData().get("DESI_QUERY_TAP_JOB_DIRECTORY"))), "query-service writes jobs there");
    }

    /** TAP tables named by URL: off by default; when on, query-service (only) may reach the listed CIDRs. */
    @Test
    void tapUploadUrlsAreOffUntilAskedForAndThenReachOnlyTheListedNetworks() throws Exception {
        for (ConfigMap c : Tools.ofKind(render(true), ConfigMap.class)) {
            if (c.getData() != null && c.getData().containsKey("DESI_QUERY_TAP_UPLOAD_URLS")) {
                assertEquals("none", c.getData().get("DESI_QUERY_TAP_UPLOAD_URLS"), c.getMetadata().getName());
            }
        }
        List<HasMetadata> on = Tools.objects(Tools.helmTemplate("desi", "-f",
                Tools.CHART.resolve("values-lab.yaml").toString(), "--set", "tapUpload.urls=public",
                "--set", "tapUpload.egressCidrs={203.0.113.0/24}"));
        assertTrue(Tools.ofKind(on, ConfigMap.class).stream().anyMatch(c -> c.getData() != null
                && "public".equals(c.getData().get("DESI_QUERY_TAP_UPLOAD_URLS"))));
        for (NetworkPolicy np : Tools.ofKind(on, NetworkPolicy.class)) {
            boolean reaches = np.getSpec().getEgress().stream().anyMatch(e -> e.getTo().stream()
                    .anyMatch(t -> t.getIpBlock() != null && t.getIpBlock().getCidr().equals("203.0.113.0/24"))
                    && e.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 443));
            assertEquals(np.getMetadata().getName().endsWith("-query"), reaches, np.getMetadata().getName());
        }
        Tools.Result refused = Tools.run(Tools.ROOT, Tools.tool("helm").toString(), "template", "desi",
                Tools.CHART.toString(), "--set", "tapUpload.urls=public", "--set", "tapUpload.egressCidrs={0.0.0.0/0}");
        assertTrue(refused.exit() != 0, "a 0.0.0.0/0 upload egress must be refused: " + refused.out());
    }

    @Test
    void egressNeverOpensToTheWholeInternetAndTheSchemaRefusesIt() throws Exception {
        for (boolean lab : new boolean[] {false, true}) {
            for (NetworkPolicy np : Tools.ofKind(render(lab), NetworkPolicy.class)) {
                np.getSpec().getEgress().stream().flatMap(e -> e.getTo().stream()).filter(t -> t.getIpBlock() != null)
                        .forEach(t -> assertFalse(t.getIpBlock().getCidr().equals("0.0.0.0/0"), np.getMetadata().getName()));
            }
        }
        Tools.Result refused = Tools.run(Tools.ROOT, Tools.tool("helm").toString(), "template", "desi",
                Tools.CHART.toString(), "--set", "database.cidr=0.0.0.0/0");
        assertTrue(refused.exit() != 0, "a 0.0.0.0/0 database CIDR must be refused: " + refused.out());
    }

    @Test
    void authenticationComesFromTheIssuerOrAPublicKeySecretNeverFromValues() throws Exception {
        // lab: the issuer in every service's ConfigMap, and egress to it
        List<HasMetadata> lab = render(true);
        for (String svc : SERVICES) {
            ConfigMap cm = Tools.ofKind(lab, ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().endsWith("-" + svc)).findFirst().orElseThrow();
            assertTrue(cm.getData().get("QUARKUS_OIDC_AUTH_SERVER_URL").startsWith("https://"), svc);
            assertEquals("desi-catalogs", cm.getData().get("QUARKUS_OIDC_TOKEN_AUDIENCE"), svc);
        }
        assertTrue(Tools.ofKind(lab, NetworkPolicy.class).stream().allMatch(np -> np.getSpec().getEgress().stream()
                .flatMap(e -> e.getPorts().stream()).anyMatch(p -> p.getPort().getIntVal() == 443)), "egress to the issuer");
        // a cluster without an issuer: the public key from an existing Secret
        List<HasMetadata> keyed = Tools.objects(Tools.helmTemplate("desi", "--set", "auth.publicKeySecret=desi-oidc",
                "--set", "auth.tokenIssuer=https://issuer.example"));
        for (Deployment d : Tools.ofKind(keyed, Deployment.class)) {
            if (d.getMetadata().getName().contains("postgres-exporter")) {
                continue;
            }
            EnvVar key = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("QUARKUS_OIDC_PUBLIC_KEY")).findFirst().orElseThrow();
            assertEquals("desi-oidc", key.getValueFrom().getSecretKeyRef().getName());
            assertEquals(null, key.getValue(), "the key comes from the Secret, never inline");
        }
        // nothing configured: no OIDC settings at all, so the services refuse every write (tested in the services)
        for (ConfigMap cm : Tools.ofKind(render(false), ConfigMap.class)) {
            assertFalse(cm.getData().containsKey("QUARKUS_OIDC_AUTH_SERVER_URL"), cm.getMetadata().getName());
        }
    }

    @Test
    void databaseTlsIsVerifiedInTheLabAndVerifyModesNeedTheCa() throws Exception {
        List<HasMetadata> lab = render(true);
        ConfigMap db = Tools.ofKind(lab, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-database")).findFirst().orElseThrow();
        assertEquals("verify-full", db.getData().get("DESI_DB_SSLMODE"));
        assertEquals("/etc/desi/pg-ca/ca.crt", db.getData().get("DESI_DB_SSLROOTCERT"));
        for (PodSpec spec : podSpecs(lab)) {
            if (spec.getContainers().get(0).getImage().contains("postgres-exporter")) {
                continue;   // the exporter connects with its own DSN (exporter-dsn in the Secret)
            }
            assertTrue(spec.getVolumes().stream().anyMatch(v -> v.getSecret() != null
                    && "desi-db-ca".equals(v.getSecret().getSecretName())), "the CA is mounted");
        }
        Tools.Result refused = Tools.run(Tools.ROOT, Tools.tool("helm").toString(), "template", "desi",
                Tools.CHART.toString(), "--set", "database.sslMode=verify-full");
        assertTrue(refused.exit() != 0, "verify-full without a CA Secret must be refused: " + refused.out());
        assertEquals("require", Tools.ofKind(render(false), ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-database")).findFirst().orElseThrow()
                .getData().get("DESI_DB_SSLMODE"), "encrypted by default");
    }
}
