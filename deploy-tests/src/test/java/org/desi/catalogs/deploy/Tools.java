package org.desi.catalogs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real helm, kubectl and promtool (installed by scripts/tools.sh) and parses what they print. */
final class Tools {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/desi-catalogs");

    record Result(int exit, String out) {
    }

    private Tools() {
    }

    static Path tool(String name) {
        Path local = ROOT.resolve(".tools/bin").resolve(name);
        if (Files.isExecutable(local)) {
            return local;
        }
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " not found in .tools/bin or PATH: run scripts/tools.sh (make test does)");
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        assertEquals(0, r.exit(), String.join(" ", command) + " failed:\n" + r.out());
        return r.out();
    }

    static String helmTemplate(String release, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool("helm").toString(), "template", release, CHART.toString()));
        cmd.addAll(List.of(extra));
        return ok(ROOT, cmd.toArray(String[]::new));
    }

    /** Every YAML document as a typed Kubernetes object (unknown kinds become GenericKubernetesResource). */
    static List<HasMetadata> objects(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Object o = Serialization.unmarshal(doc);
            assertTrue(o instanceof HasMetadata, "not a Kubernetes object:\n" + doc);
            HasMetadata h = (HasMetadata) o;
            assertTrue(h.getKind() != null && h.getApiVersion() != null && h.getMetadata().getName() != null,
                    "kind, apiVersion and name are required:\n" + doc);
            out.add(h);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(o -> (T) o).toList();
    }
}
