package org.desi.catalogs.query.adql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import static org.desi.catalogs.service.sql.SqlIdentifiers.quote;

/**
 * Translates one ADQL 2.1 query into PostgreSQL. The query is parsed into a tree (JSqlParser) and the
 * SQL is written back from that tree by this class alone: only the node types, functions and tables
 * listed here can appear in it, every table and column is checked against TAP_SCHEMA, identifiers are
 * written from the registry's names and string literals travel as bind parameters. So nothing outside
 * ADQL (writes, DDL, PostgreSQL functions) reaches the database, whatever the text.
 *
 * <p>Geometry: {@code CONTAINS}/{@code INTERSECTS} of a POINT in a CIRCLE, BOX or (convex) POLYGON,
 * {@code DISTANCE}, {@code COORD1}/{@code COORD2}; see {@link SkyRegionSql}. Positions are ICRS degrees.
 */
public final class AdqlTranslator {

    private static final Set<String> MATH_1 = Set.of("ABS", "CEILING", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10",
            "RADIANS", "SQRT", "SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "COT", "LOWER", "UPPER");
    private static final Set<String> MATH_2 = Set.of("MOD", "POWER", "ATAN2");
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");
    private static final Set<String> GEOMETRY_VALUES = Set.of("POINT", "CIRCLE", "BOX", "POLYGON", "REGION");
    private static final Map<String, String> CAST_TYPES = Map.of("SMALLINT", "smallint", "INTEGER", "integer",
            "INT", "integer", "BIGINT", "bigint", "REAL", "real", "DOUBLE PRECISION", "double precision",
            "CHAR", "text", "VARCHAR", "text");

    /** Parse trees by query shape (numbers taken out): read only, shared by the requests. */
    private static final Map<String, net.sf.jsqlparser.statement.Statements> SHAPES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SHAPES = 2000;

    private final Map<String, TapTable> tables;
    /** Tables sent with the query (UPLOAD), by lower-case ADQL name. */
    private final Map<String, TapUpload> uploads;
    private final List<Object> params = new ArrayList<>();
    /** This query's numbers: {@code ?n} of its shape is literals[n - 1]. */
    private final List<Expression> literals;
    private int aliasCounter;
    /** Cone prefilters written on a (zone, ra) index from a constant centre and radius. */
    private int indexedCones;

    private AdqlTranslator(Map<String, TapTable> tables, Map<String, TapUpload> uploads, List<Expression> literals) {
        this.tables = tables;
        this.uploads = uploads;
        this.literals = literals;
    }

    /**
     * @param adql    the user's query
     * @param tables  what TAP_SCHEMA describes, by lower-case qualified ADQL name
     * @param maxRows MAXREC: rows the client gets at most (the SQL asks for one more to flag an overflow)
     */
    public static TranslatedQuery translate(String adql, Map<String, TapTable> tables, long maxRows) {
        return translate(adql, tables, List.of(), maxRows);
    }

    /**
     * @param uploaded the tables the client sent (UPLOAD), which ADQL names {@code TAP_UPLOAD.<name>}
     */
    public static TranslatedQuery translate(String adql, Map<String, TapTable> tables, List<TapUpload> uploaded,
                                            long maxRows) {
        try {
            return translateOnThisStack(adql, tables, uploaded, maxRows);
        } catch (StackOverflowError e) {
            // parentheses nested hundreds deep (the parser and the translation recurse per level): the client's
            // query, answered as its error, not as a failure of the service
            throw new AdqlException("the query nests expressions too deeply to be read (parentheses or functions"
                    + " within each other hundreds of levels deep); a long list of values reads as IN (...), or"
                    + " as a table uploaded with the query (UPLOAD)");
        }
    }

    private static TranslatedQuery translateOnThisStack(String adql, Map<String, TapTable> tables,
                                                        List<TapUpload> uploaded, long maxRows) {
        Map<String, TapUpload> uploads = new HashMap<>();
        if (!uploaded.isEmpty()) {
            Map<String, TapTable> all = new java.util.LinkedHashMap<>(tables);
            for (TapUpload u : uploaded) {
                String key = u.table().adqlName().toLowerCase(Locale.ROOT);
                uploads.put(key, u);
                all.put(key, u.table());
            }
            tables = all;
        }
        if (adql == null || adql.isBlank()) {
            throw new AdqlException("QUERY is empty: send an ADQL SELECT statement");
        }
        AdqlShape shape = AdqlShape.of(adql);
        net.sf.jsqlparser.statement.Statements all = SHAPES.get(shape.text());
        if (all == null) {
            try {
                all = parse(shape.text());
            } catch (JSQLParserException e) {
                // report the error against the text the user wrote, not its shape
                try {
                    parse(adql);
                } catch (JSQLParserException original) {
                    throw new AdqlException("ADQL syntax error: " + firstLine(original));
                }
                throw new AdqlException("ADQL syntax error: " + firstLine(e));
            }
            if (SHAPES.size() >= MAX_SHAPES) {
                SHAPES.clear();
            }
            SHAPES.put(shape.text(), all);
        }
        // every statement is parsed: a second one ("...; DROP TABLE t") is refused, never silently dropped
        if (all.size() != 1) {
            throw new AdqlException("QUERY must be exactly one ADQL SELECT statement, got " + all.size());
        }
        Statement st = all.get(0);
        if (!(st instanceof Select select)) {
            throw new AdqlException("only SELECT queries are ADQL; this service is read-only (got "
                    + st.getClass().getSimpleName().toUpperCase(Locale.ROOT) + ")");
        }
        List<Expression> numbers = new ArrayList<>();
        for (String text : shape.literals()) {
            numbers.add(numberLiteral(text));
        }
        AdqlTranslator t = new AdqlTranslator(tables, uploads, numbers);
        List<TranslatedQuery.OutputColumn> out = new ArrayList<>();
        long[] limit = {maxRows + 1};
        String sql = t.select(select, null, out, limit, maxRows);
        String table = t.indexBoundConeTable(select);
        if (table != null) {
            // such a statement stays prepared on the cone pool's connections: its text carries a digest of the
            // table's column types, so a catalog loaded again with other types gets a statement of its own (a
            // digest, not the types themselves, keeps a wide table's statement short)
            sql = "/* columns " + digest(table) + " */ " + sql;
        }
        return new TranslatedQuery(sql, t.params, out, limit[0], table != null);
    }

    /** The first 64 bits of the SHA-256 of {@code text}, in hexadecimal. */
    static String digest(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * JSqlParser's simple mode parses ADQL in ~0.6 ms, on this thread; its default (complex lookaheads, on a
     * new thread per call with a timeout) takes 2-4 ms. The complex mode is only tried when the simple
     * one fails, keeping its timeout against pathological input.
     */
    private static net.sf.jsqlparser.statement.Statements parse(String adql) throws JSQLParserException {
        try {
            return CCJSqlParserUtil.newParser(adql).withAllowComplexParsing(false).Statements();
        } catch (net.sf.jsqlparser.parser.ParseException | net.sf.jsqlparser.parser.TokenMgrException simple) {
            return CCJSqlParserUtil.parseStatements(adql);
        }
    }

    /** A number as written: whole numbers that fit a long stay exact, the rest are doubles. */
    private static Expression numberLiteral(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return new LongValue(Long.parseLong(text));
            } catch (NumberFormatException tooLong) {
                // falls through to a double
            }
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw new AdqlException("number " + text + " is out of range");
        }
        return new DoubleValue(text);
    }

    /** The expression, with a number placeholder of the shape replaced by this query's number. */
    Expression lit(Expression e) {
        if (e instanceof net.sf.jsqlparser.expression.JdbcParameter jp) {
            Integer i = jp.getIndex();
            if (i == null || i < 1 || i > literals.size()) {
                throw new AdqlException("'?' is not ADQL");
            }
            return literals.get(i - 1);
        }
        return e;
    }

    private static String firstLine(Exception e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        String m = c.getMessage() == null ? e.toString() : c.getMessage();
        // JSqlParser lists every token it would have accepted: keep the position and what it found
        int expect = m.indexOf("Was expecting");
        String s = (expect > 0 ? m.substring(0, expect) : m).strip().replaceAll("\\s+", " ")
                .replaceFirst("^[a-z.]+\\.ParseException: ", "");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    // ---------------------------------------------------------------------------------------------
    // SELECT statements and scopes
    // ---------------------------------------------------------------------------------------------

    /** One FROM item in scope: the user's alias, our SQL alias and its columns. */
    record Entry(String userAlias, boolean aliasDelimited, String sqlAlias, TapTable table) {
    }

    /** The FROM items a SELECT sees, with the enclosing query's for correlated sub-queries. */
    record Scope(Scope parent, List<Entry> entries, Map<String, String> selectAliases) {
    }

    /** A column reference resolved to its table entry. */
    record ResolvedColumn(Entry entry, TapColumn column) {
        String sql() {
            return entry.sqlAlias() + "." + quote(column.name());
        }
    }

    private String select(Select select, Scope parent, List<TranslatedQuery.OutputColumn> out, long[] limit,
                          long maxRows) {
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            throw new AdqlException("WITH is not supported by this service; write the sub-query in FROM");
        }
        if (select instanceof ParenthesedSelect ps) {
            return "(" + select(ps.getSelect(), parent, out, limit, maxRows) + ")";
        }
        if (select instanceof SetOperationList sol) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < sol.getSelects().size(); i++) {
                if (i > 0) {
                    String op = sol.getOperations().get(i - 1).toString().toUpperCase(Locale.ROOT).trim();
                    if (!op.matches("(UNION|INTERSECT|EXCEPT)( ALL| DISTINCT)?")) {
                        throw new AdqlException(op + " is not ADQL (UNION, INTERSECT, EXCEPT)");
                    }
                    s.append(' ').append(op).append(' ');
                }
                List<TranslatedQuery.OutputColumn> cols = new ArrayList<>();
                s.append('(').append(select(sol.getSelects().get(i), parent, cols, new long[] {maxRows + 1}, maxRows))
                        .append(')');
                if (i == 0) {
                    out.addAll(cols);
                }
            }
            if (sol.getOrderByElements() != null || sol.getLimit() != null || sol.getOffset() != null) {
                throw new AdqlException("ORDER BY, TOP or OFFSET on a UNION: wrap it in SELECT * FROM (...) AS t");
            }
            if (parent == null) {
                s.append(" LIMIT ").append(limit[0]);
            }
            return s.toString();
        }
        if (!(select instanceof PlainSelect p)) {
            throw new AdqlException(select.getClass().getSimpleName() + " is not an ADQL query");
        }
        if (p.getLimit() != null || p.getFetch() != null) {
            throw new AdqlException("LIMIT and FETCH are not ADQL: write SELECT TOP n ...");
        }
        if (p.getIntoTables() != null || p.getForUpdateTable() != null || p.getForMode() != null) {
            throw new AdqlException("SELECT INTO and FOR UPDATE are not allowed: this service is read-only");
        }
        if (p.getFromItem() == null) {
            throw new AdqlException("a SELECT needs FROM: ADQL has no SELECT without a table");
        }
        Scope scope = new Scope(parent, new ArrayList<>(), new HashMap<>());
        StringBuilder from = new StringBuilder(" FROM ").append(fromItem(p.getFromItem(), scope));
        if (p.getJoins() != null) {
            for (Join j : p.getJoins()) {
                from.append(join(j, scope));
            }
        }
        StringBuilder s = new StringBuilder("SELECT ");
        if (p.getDistinct() != null) {
            if (p.getDistinct().getOnSelectItems() != null) {
                throw new AdqlException("DISTINCT ON is not ADQL");
            }
            s.append("DISTINCT ");
        }
        List<String> items = new ArrayList<>();
        for (SelectItem<?> item : p.getSelectItems()) {
            selectItem(item, scope, items, out);
        }
        s.append(String.join(", ", items)).append(from);
        if (p.getWhere() != null) {
            s.append(" WHERE ").append(value(p.getWhere(), scope));
        }
        if (p.getGroupBy() != null) {
            List<String> g = new ArrayList<>();
            for (Object e : p.getGroupBy().getGroupByExpressionList()) {
                g.add(orderOrGroupExpr((Expression) e, scope));
            }
            s.append(" GROUP BY ").append(String.join(", ", g));
        }
        if (p.getHaving() != null) {
            s.append(" HAVING ").append(value(p.getHaving(), scope));
        }
        if (p.getOrderByElements() != null) {
            List<String> o = new ArrayList<>();
            for (OrderByElement e : p.getOrderByElements()) {
                o.add(orderOrGroupExpr(e.getExpression(), scope) + (e.isAsc() ? "" : " DESC")
                        + (e.getNullOrdering() == null ? "" : e.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST
                        ? " NULLS FIRST" : " NULLS LAST"));
            }
            s.append(" ORDER BY ").append(String.join(", ", o));
        }
        long top = -1;
        if (p.getTop() != null) {
            Expression te = lit(p.getTop().getExpression());
            if (!(te instanceof LongValue lv) || lv.getValue() < 0 || p.getTop().isPercentage()) {
                throw new AdqlException("TOP needs a non-negative whole number, got " + te);
            }
            top = lv.getValue();
        }
        if (parent == null) {
            limit[0] = top < 0 ? maxRows + 1 : Math.min(top, maxRows + 1);
            s.append(" LIMIT ").append(limit[0]);
        } else if (top >= 0) {
            s.append(" LIMIT ").append(top);
        }
        if (p.getOffset() != null) {
            Expression oe = lit(p.getOffset().getOffset());
            if (!(oe instanceof LongValue lv) || lv.getValue() < 0) {
                throw new AdqlException("OFFSET needs a non-negative whole number, got " + oe);
            }
            s.append(" OFFSET ").append(lv.getValue());
        }
        return s.toString();
    }

    private void selectItem(SelectItem<?> item, Scope scope, List<String> sql, List<TranslatedQuery.OutputColumn> out) {
        Expression e = item.getExpression();
        if (e instanceof AllTableColumns atc) {
            Entry en = entry(atc.getTable(), scope);
            for (TapColumn c : en.table().columns()) {
                String name = unique(c.name(), out);
                sql.add(en.sqlAlias() + "." + quote(c.name()) + " AS " + quote(name));
                out.add(new TranslatedQuery.OutputColumn(name, c));
            }
            return;
        }
        if (e instanceof AllColumns) {
            for (Entry en : scope.entries()) {
                for (TapColumn c : en.table().columns()) {
                    String name = unique(c.name(), out);
                    sql.add(en.sqlAlias() + "." + quote(c.name()) + " AS " + quote(name));
                    out.add(new TranslatedQuery.OutputColumn(name, c));
                }
            }
            return;
        }
        String alias = item.getAlias() == null ? null : identifier(item.getAlias().getName());
        TapColumn source = null;
        String name;
        if (e instanceof Column col) {
            ResolvedColumn rc = column(col, scope, false);
            source = rc.column();
            name = alias != null ? alias : rc.column().name();
        } else {
            name = alias != null ? alias : defaultName(e);
        }
        name = unique(name, out);
        if (alias != null) {
            scope.selectAliases().put(alias.toLowerCase(Locale.ROOT), name);
        }
        sql.add(value(e, scope) + " AS " + quote(name));
        out.add(new TranslatedQuery.OutputColumn(name, source));
    }

    private static String defaultName(Expression e) {
        if (e instanceof Function f) {
            return f.getName().toLowerCase(Locale.ROOT);
        }
        return "expr";
    }

    private static String unique(String name, List<TranslatedQuery.OutputColumn> out) {
        String n = name;
        int k = 2;
        while (true) {
            String candidate = n;
            if (out.stream().noneMatch(o -> o.name().equalsIgnoreCase(candidate))) {
                return n;
            }
            n = name + "_" + k++;
        }
    }

    /** ORDER BY / GROUP BY accept a select-list alias or position as well as an expression. */
    private String orderOrGroupExpr(Expression e, Scope scope) {
        e = lit(e);
        if (e instanceof LongValue lv) {
            return Long.toString(lv.getValue());   // a position in the select list
        }
        if (e instanceof Column c && c.getTable() == null) {
            String alias = scope.selectAliases().get(identifier(c.getColumnName()).toLowerCase(Locale.ROOT));
            if (alias != null && findColumn(c, scope) == null) {
                return quote(alias);
            }
        }
        return value(e, scope);
    }

    private String fromItem(FromItem item, Scope scope) {
        if (item instanceof Table t) {
            TapTable table = table(t);
            String userAlias = t.getAlias() != null ? t.getAlias().getName() : table.unqualifiedName();
            Entry e = new Entry(identifier(userAlias), isDelimited(userAlias), "t" + (++aliasCounter), table);
            scope.entries().add(e);
            TapUpload upload = uploads.get(table.adqlName().toLowerCase(Locale.ROOT));
            return (upload != null ? upload.fromSql(params) : table.fromSql()) + " AS " + e.sqlAlias();
        }
        if (item instanceof ParenthesedSelect ps) {
            if (ps.getAlias() == null) {
                throw new AdqlException("a sub-query in FROM needs an alias: (SELECT ...) AS name");
            }
            List<TranslatedQuery.OutputColumn> cols = new ArrayList<>();
            String sql = select(ps.getSelect(), scope.parent(), cols, new long[] {Long.MAX_VALUE}, Long.MAX_VALUE - 1);
            List<TapColumn> tc = new ArrayList<>();
            for (TranslatedQuery.OutputColumn c : cols) {
                TapColumn src = c.source();
                tc.add(src == null ? new TapColumn(c.name(), "double", null, null, null, null, false, false, c.name())
                        : new TapColumn(c.name(), src.datatype(), src.arraysize(), src.unit(), src.ucd(), src.description(),
                        src.principal(), false, c.name(), src.xtype()));
            }
            String alias = ps.getAlias().getName();
            TapTable derived = new TapTable(identifier(alias), "(" + sql + ")", tc, null, null, null, 0);
            Entry e = new Entry(identifier(alias), isDelimited(alias), "t" + (++aliasCounter), derived);
            scope.entries().add(e);
            return "(" + sql + ") AS " + e.sqlAlias();
        }
        throw new AdqlException("FROM " + item + ": only tables, joins and aliased sub-queries are supported");
    }

    private String join(Join j, Scope scope) {
        if (j.isApply() || j.isSemi() || j.isStraight() || j.isGlobal()) {
            throw new AdqlException("this kind of JOIN is not ADQL: " + j);
        }
        String kind;
        if (j.isCross()) {
            kind = " CROSS JOIN ";
        } else if (j.isSimple()) {
            kind = ", ";
        } else if (j.isLeft()) {
            kind = " LEFT OUTER JOIN ";
        } else if (j.isRight()) {
            kind = " RIGHT OUTER JOIN ";
        } else if (j.isFull()) {
            kind = " FULL OUTER JOIN ";
        } else {
            kind = " JOIN ";
        }
        if (j.isNatural()) {
            kind = " NATURAL" + kind;
        }
        StringBuilder s = new StringBuilder(kind).append(fromItem(j.getRightItem(), scope));
        if (j.getOnExpressions() != null && !j.getOnExpressions().isEmpty()) {
            List<String> on = new ArrayList<>();
            for (Expression e : j.getOnExpressions()) {
                on.add(value(e, scope));
            }
            s.append(" ON ").append(String.join(" AND ", on));
        } else if (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) {
            // USING names columns both sides have: check them, then spell them as the registry does
            List<String> cols = new ArrayList<>();
            Entry right = scope.entries().get(scope.entries().size() - 1);
            for (Column c : j.getUsingColumns()) {
                TapColumn col = right.table().column(identifier(c.getColumnName()), isDelimited(c.getColumnName()));
                if (col == null) {
                    throw new AdqlException("USING column '" + c.getColumnName() + "' is not in " + right.table().adqlName());
                }
                cols.add(quote(col.name()));
            }
            s.append(" USING (").append(String.join(", ", cols)).append(')');
        } else if (!j.isSimple() && !j.isCross() && !j.isNatural()) {
            throw new AdqlException("JOIN needs ON or USING");
        }
        return s.toString();
    }

    private TapTable table(Table t) {
        String name = identifier(t.getName());
        String schema = t.getSchemaName() == null ? null : identifier(t.getSchemaName());
        if (t.getDatabase() != null && t.getDatabase().getDatabaseName() != null) {
            throw new AdqlException("table " + t + ": use schema.table (catalogs.<name>, desi.<name> or TAP_SCHEMA.<name>)");
        }
        TapTable found;
        if (schema != null) {
            found = tables.get((schema + "." + name).toLowerCase(Locale.ROOT));
        } else {
            found = null;
            for (TapTable tt : tables.values()) {
                if (tt.unqualifiedName().equalsIgnoreCase(name)) {
                    if (found != null) {
                        throw new AdqlException("table '" + name + "' is ambiguous: say " + found.adqlName() + " or "
                                + tt.adqlName());
                    }
                    found = tt;
                }
            }
        }
        if (found == null) {
            throw new AdqlException("unknown table '" + t.getFullyQualifiedName() + "': TAP_SCHEMA.tables lists the"
                    + " tables (catalogs.<catalog> for every loaded catalog; desi.<table> for voids, environments and"
                    + " pairs; TAP_UPLOAD.<name> for a table sent with UPLOAD)");
        }
        return found;
    }

    private Entry entry(Table qualifier, Scope scope) {
        String name = identifier(qualifier.getName());
        for (Scope s = scope; s != null; s = s.parent()) {
            for (Entry e : s.entries()) {
                if (e.userAlias().equalsIgnoreCase(name) || e.table().adqlName().equalsIgnoreCase(
                        (qualifier.getSchemaName() == null ? "" : identifier(qualifier.getSchemaName()) + ".") + name)) {
                    return e;
                }
            }
        }
        throw new AdqlException("'" + qualifier + "' is not a table or alias of this query");
    }

    private ResolvedColumn findColumn(Column c, Scope scope) {
        String name = identifier(c.getColumnName());
        boolean delimited = isDelimited(c.getColumnName());
        if (c.getTable() != null && c.getTable().getName() != null) {
            Entry e = entry(c.getTable(), scope);
            TapColumn col = e.table().column(name, delimited);
            if (col == null) {
                throw new AdqlException("unknown column '" + c.getColumnName() + "' in " + e.table().adqlName()
                        + "; it has " + e.table().columns().stream().map(TapColumn::name).toList());
            }
            return new ResolvedColumn(e, col);
        }
        for (Scope s = scope; s != null; s = s.parent()) {
            ResolvedColumn found = null;
            for (Entry e : s.entries()) {
                TapColumn col = e.table().column(name, delimited);
                if (col != null) {
                    if (found != null) {
                        throw new AdqlException("column '" + c.getColumnName() + "' is ambiguous: it is in "
                                + found.entry().table().adqlName() + " and " + e.table().adqlName()
                                + "; qualify it (alias.column)");
                    }
                    found = new ResolvedColumn(e, col);
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    ResolvedColumn column(Column c, Scope scope, boolean allowSelectAlias) {
        ResolvedColumn rc = findColumn(c, scope);
        if (rc == null) {
            List<String> known = new ArrayList<>();
            for (Entry e : scope.entries()) {
                known.add(e.table().adqlName() + " " + e.table().columns().stream().map(TapColumn::name).toList());
            }
            throw new AdqlException("unknown column '" + c.getColumnName() + "'; the tables in this query have: "
                    + String.join("; ", known));
        }
        return rc;
    }

    /** An ADQL identifier as written: delimited ("Name") keeps its case and loses its quotes. */
    static String identifier(String raw) {
        if (isDelimited(raw)) {
            return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
        }
        return raw;
    }

    static boolean isDelimited(String raw) {
        return raw != null && raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"");
    }

    // ---------------------------------------------------------------------------------------------
    // Expressions
    // ---------------------------------------------------------------------------------------------

    /** Any value expression, written as PostgreSQL. */
    String value(Expression e, Scope scope) {
        e = lit(e);
        if (e instanceof LongValue lv) {
            // numbers travel as parameters too: the SQL of a query shape is then the same text every time,
            // and PostgreSQL and the client reuse its prepared statement and plan
            params.add(lv.getValue());
            return "$" + params.size() + "::int8";
        }
        if (e instanceof DoubleValue dv) {
            return param(dv.getValue());
        }
        if (e instanceof StringValue sv) {
            if (sv.getPrefix() != null && !sv.getPrefix().isEmpty()) {
                throw new AdqlException("string literal " + sv + ": prefixes are not ADQL");
            }
            params.add(sv.getValue().replace("''", "'"));
            return "$" + params.size() + "::text";
        }
        if (e instanceof NullValue) {
            return "NULL";
        }
        if (e instanceof Column c) {
            return column(c, scope, true).sql();
        }
        if (e instanceof Parenthesis par) {
            return "(" + value(par.getExpression(), scope) + ")";
        }
        if (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> pl) {
            if (pl.size() != 1) {
                throw new AdqlException("a list " + pl + " is only allowed after IN");
            }
            return "(" + value(pl.get(0), scope) + ")";
        }
        if (e instanceof SignedExpression se) {
            if (se.getSign() != '-' && se.getSign() != '+') {
                throw new AdqlException("operator " + se.getSign() + " is not ADQL");
            }
            return se.getSign() + "(" + value(se.getExpression(), scope) + ")";
        }
        if (e instanceof Addition a) {
            return binary(a.getLeftExpression(), " + ", a.getRightExpression(), scope);
        }
        if (e instanceof Subtraction a) {
            return binary(a.getLeftExpression(), " - ", a.getRightExpression(), scope);
        }
        if (e instanceof Multiplication a) {
            return binary(a.getLeftExpression(), " * ", a.getRightExpression(), scope);
        }
        if (e instanceof Division a) {
            return binary(a.getLeftExpression(), " / ", a.getRightExpression(), scope);
        }
        if (e instanceof Concat a) {
            return binary(a.getLeftExpression(), " || ", a.getRightExpression(), scope);
        }
        if (e instanceof AndExpression a) {
            return chain(a, " AND ", scope);
        }
        if (e instanceof OrExpression a) {
            return chain(a, " OR ", scope);
        }
        if (e instanceof NotExpression n) {
            return "NOT (" + value(n.getExpression(), scope) + ")";
        }
        if (e instanceof ComparisonOperator c) {
            return comparison(c, scope);
        }
        if (e instanceof Between b) {
            return "(" + value(b.getLeftExpression(), scope) + (b.isNot() ? " NOT" : "") + " BETWEEN "
                    + value(b.getBetweenExpressionStart(), scope) + " AND " + value(b.getBetweenExpressionEnd(), scope) + ")";
        }
        if (e instanceof IsNullExpression n) {
            if (n.isUseIsNull() || n.isUseNotNull()) {
                throw new AdqlException("ISNULL/NOTNULL are not ADQL: write IS NULL / IS NOT NULL");
            }
            return "(" + value(n.getLeftExpression(), scope) + (n.isNot() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof LikeExpression l) {
            String kw = switch (l.getLikeKeyWord()) {
                case LIKE -> "LIKE";
                case ILIKE -> "ILIKE";
                default -> throw new AdqlException(l.getLikeKeyWord() + " is not ADQL (LIKE, ILIKE)");
            };
            if (l.getEscape() != null) {
                throw new AdqlException("LIKE ... ESCAPE is not supported");
            }
            return "(" + value(l.getLeftExpression(), scope) + (l.isNot() ? " NOT " : " ") + kw + " "
                    + value(l.getRightExpression(), scope) + ")";
        }
        if (e instanceof InExpression in) {
            if (in.isGlobal() || in.getOldOracleJoinSyntax() != 0) {
                throw new AdqlException("this IN form is not ADQL");
            }
            String right;
            if (in.getRightExpression() instanceof ParenthesedSelect ps) {
                right = "(" + select(ps.getSelect(), scope, new ArrayList<>(), new long[] {0}, Long.MAX_VALUE - 1) + ")";
            } else if (in.getRightExpression() instanceof ExpressionList<?> list) {
                List<String> vs = new ArrayList<>();
                for (Expression x : list) {
                    vs.add(value(x, scope));
                }
                right = "(" + String.join(", ", vs) + ")";
            } else {
                throw new AdqlException("IN needs a list (a, b, ...) or a sub-query");
            }
            return "(" + value(in.getLeftExpression(), scope) + (in.isNot() ? " NOT IN " : " IN ") + right + ")";
        }
        if (e instanceof ExistsExpression ex) {
            if (!(ex.getRightExpression() instanceof ParenthesedSelect ps)) {
                throw new AdqlException("EXISTS needs a sub-query");
            }
            return (ex.isNot() ? "NOT " : "") + "EXISTS (" + select(ps.getSelect(), scope, new ArrayList<>(),
                    new long[] {0}, Long.MAX_VALUE - 1) + ")";
        }
        if (e instanceof ParenthesedSelect ps) {   // scalar sub-query
            return "(" + select(ps.getSelect(), scope, new ArrayList<>(), new long[] {0}, Long.MAX_VALUE - 1) + ")";
        }
        if (e instanceof CaseExpression ce) {
            StringBuilder s = new StringBuilder("CASE");
            if (ce.getSwitchExpression() != null) {
                s.append(' ').append(value(ce.getSwitchExpression(), scope));
            }
            for (WhenClause w : ce.getWhenClauses()) {
                s.append(" WHEN ").append(value(w.getWhenExpression(), scope)).append(" THEN ")
                        .append(value(w.getThenExpression(), scope));
            }
            if (ce.getElseExpression() != null) {
                s.append(" ELSE ").append(value(ce.getElseExpression(), scope));
            }
            return s.append(" END").toString();
        }
        if (e instanceof CastExpression c) {
            String type = c.getColDataType().getDataType().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String pg = CAST_TYPES.get(type);
            if (pg == null) {
                throw new AdqlException("CAST to " + type + " is not supported; ADQL types: " + CAST_TYPES.keySet());
            }
            return "CAST(" + value(c.getLeftExpression(), scope) + " AS " + pg + ")";
        }
        if (e instanceof Function f) {
            return function(f, scope);
        }
        throw new AdqlException("'" + e + "' is not ADQL this service accepts");
    }

    /**
     * {@code a OR b OR c ...} (or AND): the parser nests such a chain to the left, ((a OR b) OR c), one level
     * per operator, so a script's list of 1,000 alternatives would recurse 1,000 levels deep (and overflow
     * the stack); its operands are collected along the left edge instead, and written as one flat list.
     */
    private String chain(BinaryExpression top, String op, Scope scope) {
        java.util.ArrayDeque<Expression> operands = new java.util.ArrayDeque<>();
        Expression left = top;
        while (left.getClass() == top.getClass()) {
            BinaryExpression b = (BinaryExpression) left;
            operands.push(b.getRightExpression());
            left = b.getLeftExpression();
        }
        operands.push(left);
        StringBuilder s = new StringBuilder("(");
        for (Expression x : operands) {
            s.append(s.length() == 1 ? "" : op).append(value(x, scope));
        }
        return s.append(')').toString();
    }

    private String binary(Expression l, String op, Expression r, Scope scope) {
        return "(" + value(l, scope) + op + value(r, scope) + ")";
    }

    private String comparison(ComparisonOperator c, Scope scope) {
        String op;
        if (c instanceof EqualsTo) {
            op = " = ";
        } else if (c instanceof NotEqualsTo) {
            op = " <> ";
        } else if (c instanceof GreaterThan) {
            op = " > ";
        } else if (c instanceof GreaterThanEquals) {
            op = " >= ";
        } else if (c instanceof MinorThan) {
            op = " < ";
        } else if (c instanceof MinorThanEquals) {
            op = " <= ";
        } else {
            throw new AdqlException("operator in '" + c + "' is not ADQL");
        }
        // CONTAINS(...) = 1 / 0 = INTERSECTS(...): the predicate itself, so PostgreSQL can use the zone index
        Expression l = lit(c.getLeftExpression());
        Expression r = lit(c.getRightExpression());
        Function region = isRegionPredicate(l) ? (Function) l : isRegionPredicate(r) ? (Function) r : null;
        Expression other = region == l ? r : l;
        if (region != null && other instanceof LongValue lv && (lv.getValue() == 0 || lv.getValue() == 1)
                && (op.equals(" = ") || op.equals(" <> "))) {
            boolean wantInside = (lv.getValue() == 1) == op.equals(" = ");
            String pred = new SkyRegionSql(this, scope).predicate(region);
            return wantInside ? pred : "NOT " + pred;
        }
        // DISTANCE(a, b) < r (or r > DISTANCE(a, b)) with a constant r: what CONTAINS(a, CIRCLE(b, r)) gets
        DistanceBound d = distanceBound(c);
        if (d != null) {
            return new SkyRegionSql(this, scope).distanceWithin(d.distance(), d.strict(), d.radiusDeg());
        }
        return "(" + value(l, scope) + op + value(r, scope) + ")";
    }

    /** {@code DISTANCE(...) < r}, {@code <= r}, {@code r > DISTANCE(...)} or {@code r >= DISTANCE(...)}, r constant [deg]. */
    private record DistanceBound(Function distance, boolean strict, double radiusDeg) {
    }

    /** The comparison as an upper bound on a DISTANCE, or null when it is not one. */
    private DistanceBound distanceBound(Expression e) {
        if (!(e instanceof ComparisonOperator c)) {
            return null;
        }
        Expression l = lit(c.getLeftExpression());
        Expression r = lit(c.getRightExpression());
        boolean below = c instanceof MinorThan || c instanceof MinorThanEquals;
        boolean above = c instanceof GreaterThan || c instanceof GreaterThanEquals;
        Expression distance = below && isFunction(l, "DISTANCE") ? l : above && isFunction(r, "DISTANCE") ? r : null;
        Double radius = distance == null ? null : constant(distance == l ? r : l);
        return radius == null ? null : new DistanceBound((Function) distance,
                c instanceof MinorThan || c instanceof GreaterThan, radius);
    }

    void noteIndexedCone() {
        indexedCones++;
    }

    /**
     * The table of a query that reads one table (no join, no sub-query) through its (zone, ra) index for a
     * constant cone (a circle, or the cone around a polygon or box) that every row must satisfy (CONTAINS(...) = 1,
     * or DISTANCE(...) below a constant, among the top-level ANDs of WHERE), as
     * "name, column:type, ...": such a query's plan is that index whatever its numbers. Null otherwise.
     */
    private String indexBoundConeTable(Select select) {
        if (aliasCounter != 1 || indexedCones == 0 || !(select instanceof PlainSelect p) || p.getJoins() != null
                || !(p.getFromItem() instanceof Table t)) {
            return null;
        }
        java.util.ArrayDeque<Expression> conjuncts = new java.util.ArrayDeque<>();
        if (p.getWhere() != null) {
            conjuncts.push(p.getWhere());
        }
        while (!conjuncts.isEmpty()) {
            Expression e = conjuncts.pop();
            if (e instanceof Parenthesis par) {
                conjuncts.push(par.getExpression());
            } else if (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> pl
                    && pl.size() == 1) {
                conjuncts.push(pl.get(0));
            } else if (e instanceof AndExpression and) {
                conjuncts.push(and.getLeftExpression());
                conjuncts.push(and.getRightExpression());
            } else if (e instanceof ComparisonOperator cmp) {
                Expression l = lit(cmp.getLeftExpression());
                Expression r = lit(cmp.getRightExpression());
                Expression other = !(e instanceof EqualsTo) ? null
                        : isRegionPredicate(l) ? r : isRegionPredicate(r) ? l : null;
                // DISTANCE(...) < r with a constant r bounds every row as CONTAINS(..., CIRCLE) = 1 does
                if ((other instanceof LongValue one && one.getValue() == 1) || distanceBound(e) != null) {
                    TapTable table = table(t);
                    StringBuilder id = new StringBuilder(table.fromSql());
                    for (TapColumn c : table.columns()) {
                        id.append(", ").append(c.name()).append(':').append(c.datatype())
                                .append(c.arraysize() == null ? "" : "[" + c.arraysize() + "]");
                    }
                    return id.toString();
                }
            }
        }
        return null;
    }

    private static boolean isFunction(Expression e, String name) {
        return e instanceof Function f && f.getName().equalsIgnoreCase(name);
    }

    private static boolean isRegionPredicate(Expression e) {
        return e instanceof Function f && (f.getName().equalsIgnoreCase("CONTAINS")
                || f.getName().equalsIgnoreCase("INTERSECTS"));
    }

    private String function(Function f, Scope scope) {
        String name = f.getName().toUpperCase(Locale.ROOT);
        if (f.getName().contains(".") || f.getNamedParameters() != null || f.getKeep() != null
                || f.getOrderByElements() != null) {
            throw new AdqlException("function '" + f + "' is not ADQL");
        }
        List<Expression> args = args(f);
        if (AGGREGATES.contains(name)) {
            boolean star = f.isAllColumns() || (args.size() == 1 && args.get(0) instanceof AllColumns
                    && !(args.get(0) instanceof AllTableColumns));
            if (star) {
                if (!name.equals("COUNT")) {
                    throw new AdqlException(name + "(*) is not ADQL; only COUNT(*)");
                }
                return "count(*)";
            }
            if (args.size() != 1) {
                throw new AdqlException(name + " takes one argument");
            }
            return name.toLowerCase(Locale.ROOT) + "(" + (f.isDistinct() ? "DISTINCT " : "") + value(args.get(0), scope) + ")";
        }
        if (f.isDistinct() || f.isAllColumns()) {
            throw new AdqlException(name + " takes no DISTINCT or *");
        }
        if (MATH_1.contains(name)) {
            arity(name, args, 1);
            return switch (name) {
                case "LOG" -> "ln(" + value(args.get(0), scope) + ")";   // ADQL LOG is the natural logarithm
                case "LOG10" -> "log(" + value(args.get(0), scope) + ")";
                default -> name.toLowerCase(Locale.ROOT) + "(" + value(args.get(0), scope) + ")";
            };
        }
        if (MATH_2.contains(name)) {
            arity(name, args, 2);
            return name.toLowerCase(Locale.ROOT) + "(" + value(args.get(0), scope) + ", " + value(args.get(1), scope) + ")";
        }
        switch (name) {
            case "PI":
                arity(name, args, 0);
                return "pi()";
            case "RAND":
                if (args.size() > 1) {
                    throw new AdqlException("RAND takes at most one argument (a seed)");
                }
                return "random()";
            case "ROUND":
            case "TRUNCATE": {
                if (args.isEmpty() || args.size() > 2) {
                    throw new AdqlException(name + " takes one or two arguments");
                }
                String fn = name.equals("ROUND") ? "round" : "trunc";
                return args.size() == 1 ? fn + "(" + value(args.get(0), scope) + "::numeric)::double precision"
                        : fn + "((" + value(args.get(0), scope) + ")::numeric, " + value(args.get(1), scope)
                        + ")::double precision";
            }
            case "COALESCE": {
                List<String> vs = new ArrayList<>();
                for (Expression x : args) {
                    vs.add(value(x, scope));
                }
                return "coalesce(" + String.join(", ", vs) + ")";
            }
            case "DISTANCE":
            case "COORD1":
            case "COORD2":
            case "CONTAINS":
            case "INTERSECTS":
                return new SkyRegionSql(this, scope).value(f);
            default:
                if (GEOMETRY_VALUES.contains(name)) {
                    throw new AdqlException(name + " can only be used inside CONTAINS, INTERSECTS, DISTANCE,"
                            + " COORD1 or COORD2 (this service returns no geometry values)");
                }
                throw new AdqlException("function " + name + " is not in ADQL or not supported here; supported: "
                        + "math " + new java.util.TreeSet<>(MATH_1) + " " + MATH_2 + " PI RAND ROUND TRUNCATE COALESCE,"
                        + " aggregates " + AGGREGATES + ", geometry CONTAINS INTERSECTS DISTANCE COORD1 COORD2 POINT"
                        + " CIRCLE BOX POLYGON");
        }
    }

    static List<Expression> args(Function f) {
        List<Expression> out = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Expression x : f.getParameters()) {
                out.add(x);
            }
        }
        return out;
    }

    static void arity(String name, List<Expression> args, int n) {
        if (args.size() != n) {
            throw new AdqlException(name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size());
        }
    }

    /** A double as a bind parameter ({@code $n::float8}). */
    String param(double v) {
        if (!Double.isFinite(v)) {
            throw new AdqlException("number " + v + " is out of range");
        }
        params.add(v);
        return "$" + params.size() + "::float8";
    }

    /** An integer as a bind parameter ({@code $n::int}). */
    String param(int v) {
        params.add(v);
        return "$" + params.size() + "::int";
    }

    /** An int[] bind parameter. */
    String paramArray(Integer[] values) {
        params.add(values);
        return "$" + params.size() + "::int[]";
    }

    /** The value of a constant numeric expression (literals, signs, + - * /), or null when it is not constant. */
    Double constant(Expression e) {
        e = lit(e);
        if (e instanceof LongValue lv) {
            return (double) lv.getValue();
        }
        if (e instanceof DoubleValue dv) {
            return dv.getValue();
        }
        if (e instanceof SignedExpression se) {
            Double v = constant(se.getExpression());
            return v == null ? null : se.getSign() == '-' ? -v : v;
        }
        if (e instanceof Parenthesis p) {
            return constant(p.getExpression());
        }
        if (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> pl
                && pl.size() == 1) {
            return constant(pl.get(0));
        }
        if (e instanceof net.sf.jsqlparser.expression.BinaryExpression b && (e instanceof Addition
                || e instanceof Subtraction || e instanceof Multiplication || e instanceof Division)) {
            Double l = constant(b.getLeftExpression());
            Double r = constant(b.getRightExpression());
            if (l == null || r == null) {
                return null;
            }
            if (e instanceof Addition) {
                return l + r;
            }
            if (e instanceof Subtraction) {
                return l - r;
            }
            if (e instanceof Multiplication) {
                return l * r;
            }
            // integer division as PostgreSQL does it, so the predicate and the prefilter agree
            boolean ints = isInteger(b.getLeftExpression()) && isInteger(b.getRightExpression());
            return ints ? (double) ((long) (double) l / (long) (double) r) : l / r;
        }
        return null;
    }

    private boolean isInteger(Expression e) {
        e = lit(e);
        if (e instanceof LongValue) {
            return true;
        }
        if (e instanceof SignedExpression se) {
            return isInteger(se.getExpression());
        }
        return false;
    }
}
