package org.desi.catalogs.query.job;

import java.time.Instant;
import java.util.Map;

/**
 * An asynchronous TAP query (a UWS 1.1 job) as it is stored: its parameters, phase and times.
 *
 * @param parameters          the TAP parameters as sent (names upper-case)
 * @param executionDurationS  longest run allowed [s] (0 = the service's limit)
 * @param resultRows          rows in the result (COMPLETED)
 * @param errorSummary        why it failed (ERROR) or was aborted
 */
public record TapJob(String jobId, String phase, Map<String, String> parameters, Instant creationTime,
                     Instant startTime, Instant endTime, Instant destruction, long executionDurationS,
                     long resultRows, boolean overflow, String errorSummary, String resultMediaType) {

    public static final String PENDING = "PENDING";
    public static final String QUEUED = "QUEUED";
    public static final String EXECUTING = "EXECUTING";
    public static final String COMPLETED = "COMPLETED";
    public static final String ERROR = "ERROR";
    public static final String ABORTED = "ABORTED";

    public boolean finished() {
        return phase.equals(COMPLETED) || phase.equals(ERROR) || phase.equals(ABORTED);
    }

    public TapJob withPhase(String newPhase) {
        return new TapJob(jobId, newPhase, parameters, creationTime, startTime, endTime, destruction, executionDurationS,
                resultRows, overflow, errorSummary, resultMediaType);
    }

    public TapJob started(Instant at) {
        return new TapJob(jobId, EXECUTING, parameters, creationTime, at, null, destruction, executionDurationS, 0,
                false, null, resultMediaType);
    }

    public TapJob completed(Instant at, long rows, boolean overflowed, String mediaType) {
        return new TapJob(jobId, COMPLETED, parameters, creationTime, startTime, at, destruction, executionDurationS,
                rows, overflowed, null, mediaType);
    }

    public TapJob failed(Instant at, String phaseAfter, String why) {
        return new TapJob(jobId, phaseAfter, parameters, creationTime, startTime, at, destruction, executionDurationS,
                0, false, why, resultMediaType);
    }

    public TapJob withParameters(Map<String, String> p) {
        return new TapJob(jobId, phase, p, creationTime, startTime, endTime, destruction, executionDurationS, resultRows,
                overflow, errorSummary, resultMediaType);
    }

    public TapJob withDestruction(Instant at) {
        return new TapJob(jobId, phase, parameters, creationTime, startTime, endTime, at, executionDurationS, resultRows,
                overflow, errorSummary, resultMediaType);
    }

    public TapJob withExecutionDuration(long seconds) {
        return new TapJob(jobId, phase, parameters, creationTime, startTime, endTime, destruction, seconds, resultRows,
                overflow, errorSummary, resultMediaType);
    }
}
