package io.taskbus.client.impl;

import java.util.List;

/** A chunk's results, one per item in order, and the worker that ran it. */
record ChunkResult(List<Object> results, String worker) {
}
