package org.desi.catalogs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kustomize manifests (real kubectl) and the alert rules (real promtool: check and unit tests). */
class KustomizeAndRulesTest {

    @Test
    void plainManifestsAreTheChartsDefaultsAndNotStale() throws Exception {
        Path out = Path.of("target/k8s-rendered").toAbsolutePath();
        Tools.ok(Tools.ROOT, "bash", "scripts/render-k8s.sh", out.toString());
        for (String f : List.of("base/desi-catalogs.yaml", "overlays/lab/monitoring.yaml")) {
            assertEquals(Files.readString(out.resolve(f)), Files.readString(Tools.ROOT.resolve("k8s").resolve(f)),
                    "k8s/" + f + " is stale: run scripts/render-k8s.sh and commit");
        }
    }

    @Test
    void labOverlayRendersWithTheLabSettings() throws Exception {
        String yaml = Tools.ok(Tools.ROOT, Tools.tool("kubectl").toString(), "kustomize", "k8s/overlays/lab");
        List<HasMetadata> o = Tools.objects(yaml);
        assertTrue(o.stream().allMatch(x -> "desi".equals(x.getMetadata().getNamespace())), "namespace desi");
        assertEquals("nvme-high-perf", Tools.ofKind(o, PersistentVolumeClaim.class).get(0).getSpec().getStorageClassName());
        assertEquals("proj-pg01", Tools.ofKind(o, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-database")).findFirst().orElseThrow()
                .getData().get("DESI_DB_HOST"));
        for (Deployment d : Tools.ofKind(o, Deployment.class)) {
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertTrue(image.startsWith("registry.lab.local/desi/"), image);
        }
        assertTrue(o.stream().anyMatch(x -> x.getKind().equals("PrometheusRule")));
        Tools.objects(Tools.ok(Tools.ROOT, Tools.tool("kubectl").toString(), "kustomize", "k8s/base"));
    }

    @Test
    void alertRulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        String yaml = Tools.helmTemplate("desi", "-f", Tools.CHART.resolve("values-lab.yaml").toString(),
                "--show-only", "templates/monitoring.yaml");
        ObjectMapper y = new ObjectMapper(new YAMLFactory());
        JsonNode spec = null;
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            JsonNode n = y.readTree(doc);
            if (n != null && "PrometheusRule".equals(n.path("kind").asText())) {
                spec = n.path("spec");
            }
        }
        assertTrue(spec != null && spec.path("groups").size() == 1, "PrometheusRule rendered");
        Path dir = Path.of("target/promtool").toAbsolutePath();
        Files.createDirectories(dir);
        y.writeValue(dir.resolve("alerts.yaml").toFile(), spec);
        Files.copy(Path.of("src/test/resources/alerts.test.yaml"), dir.resolve("alerts.test.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String check = Tools.ok(dir, Tools.tool("promtool").toString(), "check", "rules", "alerts.yaml");
        assertTrue(check.contains("SUCCESS: 8 rules found"), check);
        String test = Tools.ok(dir, Tools.tool("promtool").toString(), "test", "rules", "alerts.test.yaml");
        assertTrue(test.contains("SUCCESS"), test);
        for (String alert : List.of("DesiServiceDown", "DesiServiceNotReady", "DesiIngestJobFailed",
                "DesiIngestRejectedRowRatioHigh", "DesiCrossmatchLeasesExpiring", "DesiQueryP99High", "DesiDbPoolSaturated",
                "DesiTapQueriesFailing")) {
            assertTrue(Files.readString(dir.resolve("alerts.test.yaml")).contains("alertname: " + alert),
                    alert + " has a unit test");
        }
    }
}
