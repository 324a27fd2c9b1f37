package org.desi.catalogs.query.adql;

import java.util.ArrayList;
import java.util.List;

/**
 * An ADQL text with its numeric literals taken out ({@code ?1}, {@code ?2}, ...): the queries of a
 * workload (the same cone at other positions) share one shape, so the parse tree of a shape is reused
 * and only the numbers change. String literals, delimited identifiers and comments are kept as written;
 * a {@code ?} of the user's own is refused (ADQL has no parameters).
 *
 * @param text     the shape, parsed by JSqlParser
 * @param literals the numbers as written, in order ({@code ?n} is literals[n - 1])
 */
record AdqlShape(String text, List<String> literals) {

    static AdqlShape of(String adql) {
        StringBuilder out = new StringBuilder(adql.length());
        List<String> literals = new ArrayList<>();
        int n = adql.length();
        int i = 0;
        while (i < n) {
            char c = adql.charAt(i);
            if (c == '\'' || c == '"') {   // a string literal or delimited identifier: copied whole ('' / "" escapes)
                int j = i + 1;
                while (j < n) {
                    if (adql.charAt(j) == c) {
                        if (j + 1 < n && adql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(n, j + 1);
                out.append(adql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && adql.charAt(i + 1) == '-') {   // comment to the end of the line
                int j = adql.indexOf('\n', i);
                int end = j < 0 ? n : j;
                out.append(adql, i, end);
                i = end;
            } else if (c == '?') {
                throw new AdqlException("'?' at position " + (i + 1) + " is not ADQL (this service takes no"
                        + " query parameters: write the values)");
            } else if (startsNumber(adql, i)) {
                int j = i;
                while (j < n && Character.isDigit(adql.charAt(j))) {
                    j++;
                }
                if (j < n && adql.charAt(j) == '.') {
                    j++;
                    while (j < n && Character.isDigit(adql.charAt(j))) {
                        j++;
                    }
                }
                if (j + 1 < n && (adql.charAt(j) == 'e' || adql.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (adql.charAt(k) == '+' || adql.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(adql.charAt(k))) {
                        while (k < n && Character.isDigit(adql.charAt(k))) {
                            k++;
                        }
                        j = k;
                    }
                }
                if (j < n && (Character.isLetter(adql.charAt(j)) || adql.charAt(j) == '_')) {
                    out.append(adql, i, j);   // 1abc: not a number; the parser will say what it is
                } else {
                    literals.add(adql.substring(i, j));
                    out.append('?').append(literals.size());
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return new AdqlShape(out.toString(), literals);
    }

    /** A digit (or '.' and a digit) that does not continue an identifier. */
    private static boolean startsNumber(String s, int i) {
        char c = s.charAt(i);
        boolean digit = Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)));
        if (!digit || i == 0) {
            return digit;
        }
        char p = s.charAt(i - 1);
        return !(Character.isLetterOrDigit(p) || p == '_' || p == '$' || p == '.');
    }
}
