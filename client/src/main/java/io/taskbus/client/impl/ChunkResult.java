package io.taskbus.client.impl;

import io.taskbus.protocol.LogLine;
import java.util.List;

/**
 * A chunk's results, one per item in order, the worker that ran it, how long its items ran
 * there and how many bytes the chunk and its reply took on the wire (0 in this JVM).
 */
record ChunkResult(List<Object> results, List<LogLine> logs, String worker, long micros,
                   long bytes) {
}
