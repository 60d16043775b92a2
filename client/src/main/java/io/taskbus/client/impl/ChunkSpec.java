package io.taskbus.client.impl;

import java.util.List;

/**
 * A chunk to send: items {@code first .. first + args.size()} of a job.
 *
 * @param args each item's argument list, ready for the transport (JSON for a cluster)
 * @param attempt 1 for the first sending, more for re-sends
 */
record ChunkSpec(String job, String task, int first, List<?> args, long timeoutMs, int attempt) {
}
