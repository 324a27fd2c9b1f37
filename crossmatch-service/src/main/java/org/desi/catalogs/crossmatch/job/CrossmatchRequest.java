package org.desi.catalogs.crossmatch.job;

import java.util.Locale;
import org.desi.catalogs.core.match.SkyMatcher;
import org.desi.catalogs.core.match.V2Membership;
import org.desi.catalogs.service.problem.ApiProblemException;

/**
 * A cross-match submission: {@code {"type": "sky", "left", "right", "radiusArcsec", "mode"}} or
 * {@code {"type": "voids", "galaxies", "voids", "v2Rule"}}; {@code v2Rule} (V2 catalogs only) is
 * {@code nearest-tracer} (VAST's rule, the default) or {@code effective-sphere}.
 */
public record CrossmatchRequest(String type, String left, String right, Double radiusArcsec, String mode,
                                String galaxies, String voids, String v2Rule) {

    public CrossmatchRequest(String type, String left, String right, Double radiusArcsec, String mode,
                             String galaxies, String voids) {
        this(type, left, right, radiusArcsec, mode, galaxies, voids, null);
    }

    public boolean isSky() {
        return "sky".equals(normalisedType());
    }

    public String normalisedType() {
        return type == null ? null : type.trim().toLowerCase(Locale.ROOT);
    }

    /** Checks the fields that need no database; throws 400 problems naming the valid values. */
    public void validate() {
        String t = normalisedType();
        if (!"sky".equals(t) && !"voids".equals(t)) {
            throw ApiProblemException.badRequest("type must be 'sky' (catalog x catalog on the sky) or 'voids'"
                    + " (galaxies x void catalog), got " + (type == null ? "nothing" : "'" + type + "'"));
        }
        if (isSky()) {
            if (radiusArcsec == null || !(radiusArcsec >= SkyMatcher.MIN_RADIUS_ARCSEC
                    && radiusArcsec <= SkyMatcher.MAX_RADIUS_ARCSEC)) {
                throw ApiProblemException.badRequest("radiusArcsec must be in [" + SkyMatcher.MIN_RADIUS_ARCSEC + ", "
                        + SkyMatcher.MAX_RADIUS_ARCSEC + "] arcsec (0.01 arcsec to 1 degree), got " + radiusArcsec);
            }
            skyMode();
            if (v2Rule != null) {
                throw ApiProblemException.badRequest("v2Rule applies to voids jobs with a v2 void catalog only");
            }
        } else {
            v2MembershipRule();
        }
    }

    /** The V2 rule asked for, or the default; 400 naming the valid rules for anything else. */
    public V2Membership.Rule v2MembershipRule() {
        try {
            return V2Membership.Rule.parse(v2Rule);
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest(e.getMessage());
        }
    }

    public SkyMatcher.Mode skyMode() {
        if (mode == null || mode.isBlank()) {
            return SkyMatcher.Mode.ALL;
        }
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> SkyMatcher.Mode.ALL;
            case "best" -> SkyMatcher.Mode.BEST;
            default -> throw ApiProblemException.badRequest("mode must be 'all' (every pair within the radius) or"
                    + " 'best' (the nearest right object per left object), got '" + mode + "'");
        };
    }
}
