package org.desi.catalogs.query.statistics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.desi.catalogs.query.statistics.BinomialComparison.Count;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * The void-centric profile: quenched fraction in bins of R / R_eff at fixed stellar mass, where R is
 * the distance to the centre of the galaxy's void (the containing void for void galaxies, the void
 * whose centre is nearest for wall galaxies) and R_eff that void's effective radius. Same sample as
 * {@link QuenchingStatistics}: the {@link SampleSelection} cuts, void and wall galaxies only.
 */
@ApplicationScoped
public class VoidProfileStatistics {

    public static final double[] DEFAULT_R_BINS = {0, 0.5, 1, 1.5, 2, 3};
    public static final double DEFAULT_MASS_MIN = 9.0;
    public static final double DEFAULT_MASS_MAX = 12.0;

    /**
     * One shell of R / R_eff; {@code rOverReffMax} null for the last, open one ("beyond").
     *
     * @param voidGalaxies galaxies of the shell inside a void, the rest are wall galaxies
     */
    public record Bin(double rOverReffMin, Double rOverReffMax, Count galaxies, long voidGalaxies, long wallGalaxies) {
    }

    public record Result(String galaxies, String voids, String algorithm, String proxy, String quenchedIf,
                         double confidence, double logMstarMin, double logMstarMax, String rOverReff,
                         SampleSelection.Summary selection, List<Bin> bins, Provenance provenance) {
    }

    static final String R_OVER_REFF = "distance to the centre of the galaxy's void over its effective radius: the"
            + " containing void for void galaxies, the void whose centre is nearest for wall galaxies";

    private final Pool pool;
    private final StatisticsInputs inputs;
    private final AnswerCache<Result> answers = new AnswerCache<>(64);

    public VoidProfileStatistics(Pool pool, StatisticsInputs inputs) {
        this.pool = pool;
        this.inputs = inputs;
    }

    /** Shell edges from "0,0.5,1": 2 to 21 strictly increasing numbers in [0, 100], the first 0. */
    static double[] parseRBins(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_R_BINS;
        }
        String[] parts = text.split(",");
        if (parts.length < 2 || parts.length > 21) {
            throw ApiProblemException.badRequest("rBins must list 2 to 21 edges of R/R_eff starting at 0, e.g."
                    + " 0,0.5,1,1.5,2,3; got " + parts.length);
        }
        double[] edges = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            edges[i] = SampleSelection.number("rBins", parts[i], 0, 100);
            if (i > 0 && edges[i] <= edges[i - 1]) {
                throw ApiProblemException.badRequest("rBins edges must increase strictly, got " + Arrays.toString(edges));
            }
        }
        if (edges[0] != 0) {
            throw ApiProblemException.badRequest("rBins must start at 0 (the void centre), got " + parts[0].trim());
        }
        return edges;
    }

    public Uni<Result> compute(String galaxies, String voids, String proxyName, String massMin, String massMax,
                               String rBins, SampleSelection.Request cuts) {
        GalaxySample.Proxy proxy = GalaxySample.Proxy.parse(proxyName);
        double lo = massMin == null || massMin.isBlank() ? DEFAULT_MASS_MIN : SampleSelection.number("massMin", massMin, 5, 14);
        double hi = massMax == null || massMax.isBlank() ? DEFAULT_MASS_MAX : SampleSelection.number("massMax", massMax, 5, 14);
        if (!(lo < hi)) {
            throw ApiProblemException.badRequest("massMin must be below massMax (log10 Msun), got " + lo + " and " + hi);
        }
        double[] edges = parseRBins(rBins);
        return inputs.resolve(galaxies, voids).flatMap(in -> answers.get(in.placement().jobId() + "|" + in.galaxies().name()
                + "|" + in.voids().name() + "|" + proxy.name() + "|" + lo + "|" + hi + "|" + java.util.Arrays.toString(edges) + "|" + cuts, () -> {
            SqlParams params = new SqlParams();
            SampleSelection selection = SampleSelection.of(cuts, in.galaxies(), in.voids(), params);
            String xBin = "width_bucket(s.r_over_reff, " + params.add(Arrays.stream(edges).boxed().toArray(Double[]::new))
                    + "::float8[])";
            return GalaxySample.count(pool, in.galaxies(), in.voids().catalogId(), selection, proxy,
                    new double[] {lo, hi}, xBin, params).map(c -> {
                        int shells = edges.length;          // the last is "beyond"
                        long[] n = new long[shells];
                        long[] q = new long[shells];
                        long[] inVoid = new long[shells];
                        long outside = 0;
                        long used = 0;
                        for (GalaxySample.Cell cell : c.kept()) {
                            if (cell.massBin() != 1 || cell.xBin() < 1) {
                                outside += cell.count();   // outside the mass range, or no void in the catalog
                                continue;
                            }
                            int b = cell.xBin() - 1;
                            n[b] += cell.count();
                            q[b] += cell.quenched() ? cell.count() : 0;
                            inVoid[b] += "void".equals(cell.environment()) ? cell.count() : 0;
                            used += cell.count();
                        }
                        List<Bin> bins = new ArrayList<>();
                        for (int b = 0; b < shells; b++) {
                            bins.add(new Bin(edges[b], b + 1 < shells ? edges[b + 1] : null, Count.of(q[b], n[b]),
                                    inVoid[b], n[b] - inVoid[b]));
                        }
                        SampleSelection.Summary summary = selection.summarize(c, outside, used);
                        return new Result(in.galaxies().name(), in.voids().name(), in.voids().algorithm(),
                                proxy.apiName(), proxy.quenchedIf, 0.6827, lo, hi, R_OVER_REFF, summary, bins,
                                inputs.provenance(in, summary.cuts()));
                    });
        }));
    }
}
