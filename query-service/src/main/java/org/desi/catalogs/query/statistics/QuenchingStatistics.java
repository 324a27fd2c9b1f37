package org.desi.catalogs.query.statistics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.desi.catalogs.query.statistics.BinomialComparison.Count;
import org.desi.catalogs.query.statistics.BinomialComparison.Difference;
import org.desi.catalogs.query.statistics.BinomialComparison.Overall;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * The science question: at fixed stellar mass, are void galaxies quenched as often as wall
 * galaxies? From a complete placement and the {@link SampleSelection} sample: per bin of
 * log10(M_star / Msun), void and wall counts, quenched fractions with 68% Wilson intervals and the
 * void - wall difference; over all bins, the re-weighted difference ({@link Overall}). Only void and
 * wall galaxies count (edge_void, edge and outside are uncertain and are reported as left out).
 */
@ApplicationScoped
public class QuenchingStatistics {

    /** One mass bin [log10(Msun)]. */
    public record Bin(double logMstarMin, double logMstarMax, Count voids, Count walls, Difference difference) {
    }

    /** The whole answer. */
    public record Result(String galaxies, String voids, String algorithm, String proxy, String quenchedIf,
                         double confidence, SampleSelection.Summary selection, List<Bin> bins, Overall overall,
                         Provenance provenance) {
    }

    public static final double[] DEFAULT_BINS = {9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0};

    private final Pool pool;
    private final StatisticsInputs inputs;
    private final AnswerCache<Result> answers = new AnswerCache<>(64);

    public QuenchingStatistics(Pool pool, StatisticsInputs inputs) {
        this.pool = pool;
        this.inputs = inputs;
    }

    /** Bin edges from "9,9.5,10" [log10(Msun)]: 2 to 41 strictly increasing numbers in [5, 14]. */
    public static double[] parseBins(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_BINS;
        }
        String[] parts = text.split(",");
        if (parts.length < 2 || parts.length > 41) {
            throw ApiProblemException.badRequest("massBins must list 2 to 41 bin edges in log10(Msun), e.g."
                    + " 9,9.5,10,10.5,11; got " + parts.length);
        }
        double[] edges = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                edges[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiProblemException.badRequest("massBins must be numbers in [5, 14] log10(Msun), got '"
                        + parts[i].trim() + "'");
            }
            if (!(edges[i] >= 5 && edges[i] <= 14)) {
                throw ApiProblemException.badRequest("massBins edges must be in [5, 14] log10(Msun), got " + parts[i].trim());
            }
            if (i > 0 && edges[i] <= edges[i - 1]) {
                throw ApiProblemException.badRequest("massBins edges must increase strictly, got " + Arrays.toString(edges));
            }
        }
        return edges;
    }

    public Uni<Result> compute(String galaxies, String voids, String proxyName, String massBins,
                               SampleSelection.Request cuts) {
        GalaxySample.Proxy proxy = GalaxySample.Proxy.parse(proxyName);
        double[] edges = parseBins(massBins);
        return inputs.resolve(galaxies, voids).flatMap(in -> answers.get(in.placement().jobId() + "|" + in.galaxies().name()
                + "|" + in.voids().name() + "|" + proxy.name() + "|" + massBins + "|" + cuts, () -> {
            SqlParams params = new SqlParams();
            SampleSelection selection = SampleSelection.of(cuts, in.galaxies(), in.voids(), params);
            return GalaxySample.count(pool, in.galaxies(), in.voids().catalogId(), selection, proxy, edges, null, params)
                    .map(c -> {
                        int nBins = edges.length - 1;
                        long[][] n = new long[2][nBins];
                        long[][] q = new long[2][nBins];
                        long outside = 0;
                        long used = 0;
                        for (GalaxySample.Cell cell : c.kept()) {
                            int b = cell.massBin() - 1;
                            if (b < 0 || b >= nBins) {
                                outside += cell.count();
                                continue;
                            }
                            int env = "void".equals(cell.environment()) ? 0 : 1;
                            n[env][b] += cell.count();
                            q[env][b] += cell.quenched() ? cell.count() : 0;
                            used += cell.count();
                        }
                        List<Bin> bins = new ArrayList<>();
                        List<Count> voidCounts = new ArrayList<>();
                        List<Count> wallCounts = new ArrayList<>();
                        for (int b = 0; b < nBins; b++) {
                            Count v = Count.of(q[0][b], n[0][b]);
                            Count w = Count.of(q[1][b], n[1][b]);
                            voidCounts.add(v);
                            wallCounts.add(w);
                            bins.add(new Bin(edges[b], edges[b + 1], v, w, Difference.of(v, w)));
                        }
                        SampleSelection.Summary summary = selection.summarize(c, outside, used);
                        return new Result(in.galaxies().name(), in.voids().name(), in.voids().algorithm(),
                                proxy.apiName(), proxy.quenchedIf, 0.6827, summary, bins,
                                Overall.of(voidCounts, wallCounts), inputs.provenance(in, summary.cuts()));
                    });
        }));
    }
}
