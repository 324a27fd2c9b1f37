package org.desi.catalogs.query.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.desi.catalogs.query.adql.AdqlException;
import org.desi.catalogs.query.adql.TapRequest;
import org.desi.catalogs.query.adql.TapUpload;
import org.desi.catalogs.query.format.VoTableUploadReader;
import org.desi.catalogs.query.gateway.UploadUrlFetcher;
import org.desi.catalogs.query.search.TapMetrics;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * A TAP request's parameters and, sent as multipart/form-data (what pyvo, TOPCAT and STILTS send with
 * UPLOAD), its parts by name, which {@code UPLOAD=name,param:part} refers to; tables named by URL are
 * fetched by {@link UploadUrlFetcher}.
 */
record TapUploads(Map<String, String> parameters, Map<String, VoTableUploadReader.Bytes> parts) {

    static TapUploads of(MultipartFormDataInput input, MultivaluedMap<String, String> query) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        Map<String, VoTableUploadReader.Bytes> parts = new HashMap<>();
        for (Map.Entry<String, Collection<FormValue>> e : input.getValues().entrySet()) {
            for (FormValue v : e.getValue()) {
                if (v.isFileItem()) {
                    parts.putIfAbsent(e.getKey(), v.getFileItem()::getInputStream);
                } else {
                    String text = v.getValue();
                    form.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(text);
                    Charset cs = v.getCharset() == null ? StandardCharsets.UTF_8 : Charset.forName(v.getCharset());
                    parts.putIfAbsent(e.getKey(), () -> new ByteArrayInputStream(text.getBytes(cs)));
                }
            }
        }
        return new TapUploads(TapRequest.parameters(form, query), parts);
    }

    /** A request without parts (GET, or a url-encoded form): its uploads can only be URLs. */
    static TapUploads withoutParts(Map<String, String> parameters) {
        return new TapUploads(parameters, Map.of());
    }

    /** The part {@code param:name} names: exactly, else ignoring case (DALI's names are case-insensitive). */
    private VoTableUploadReader.Bytes part(TapRequest.Upload u) {
        VoTableUploadReader.Bytes b = parts.get(u.partName());
        if (b == null) {
            for (Map.Entry<String, VoTableUploadReader.Bytes> e : parts.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).equals(u.partName().toLowerCase(Locale.ROOT))) {
                    return e.getValue();
                }
            }
            throw new AdqlException(parts.isEmpty()
                    ? "UPLOAD of '" + u.tableName() + "' from param:" + u.partName() + " needs the table as a part of a"
                    + " multipart/form-data POST (a part named " + u.partName() + " holding the VOTable)"
                    : "UPLOAD names param:" + u.partName() + " for table '" + u.tableName() + "', but the request has no"
                    + " multipart/form-data part named '" + u.partName() + "'");
        }
        return b;
    }

    /**
     * Every table of UPLOAD, by name, each checked by reading it once, handed to {@code use}; a table named by URL
     * is fetched into a temporary file, deleted once {@code use} returns.
     */
    <T> T withTables(List<TapRequest.Upload> uploads, int maxRows, UploadUrlFetcher fetcher, TapMetrics metrics,
                     java.util.function.Function<Map<String, Table>, T> use) {
        List<Path> fetched = new ArrayList<>();
        try {
            Map<String, Table> tables = new LinkedHashMap<>();
            for (TapRequest.Upload u : uploads) {
                try {
                    VoTableUploadReader.Bytes bytes;
                    if (u.url() != null) {
                        Path f = fetcher.fetch(u.tableName(), u.url());
                        fetched.add(f);
                        bytes = () -> Files.newInputStream(f);
                    } else {
                        bytes = part(u);
                    }
                    tables.put(u.tableName(), new Table(VoTableUploadReader.read(u.tableName(), bytes, maxRows), bytes));
                    metrics.upload(u.url() != null, true);
                } catch (AdqlException e) {
                    metrics.upload(u.url() != null, false);
                    throw e;
                }
            }
            return use.apply(tables);
        } finally {
            for (Path f : fetched) {
                try {
                    Files.deleteIfExists(f);
                } catch (java.io.IOException e) {
                    // a temporary file; the JVM's temp directory goes with the pod
                }
            }
        }
    }

    /** An uploaded table as read, and its bytes (an async job keeps them to read again when it runs). */
    record Table(TapUpload upload, VoTableUploadReader.Bytes bytes) {
    }
}
