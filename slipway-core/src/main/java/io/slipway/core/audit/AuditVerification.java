package io.slipway.core.audit;

/**
 * The outcome of re-walking the audit chain.
 *
 * @param intact true when every event's hash and link checked out and the head matches the last event
 * @param eventsChecked how many events were read
 * @param lastSeq the sequence number of the last event read
 * @param firstBrokenSeq the first event that does not check out, null when intact
 * @param problem what is wrong with it, null when intact
 */
public record AuditVerification(boolean intact, long eventsChecked, long lastSeq, Long firstBrokenSeq, String problem) {
    static AuditVerification broken(long checked, long lastSeq, long seq, String problem) {
        return new AuditVerification(false, checked, lastSeq, seq, problem);
    }
}
