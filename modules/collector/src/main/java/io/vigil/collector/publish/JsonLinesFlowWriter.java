package io.vigil.collector.publish;

import io.vigil.collector.flow.FlowSink;
import io.vigil.model.FlowRecord;
import io.vigil.model.FlowRecordJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes one flow record per line as JSON, the stable output of {@code vigil flows}. */
public final class JsonLinesFlowWriter implements FlowSink, AutoCloseable {

    private final OutputStream out;
    private final FlowRecordJson json = new FlowRecordJson();
    private long written;

    /** @param out a buffered stream; it is flushed, and closed, with this writer */
    public JsonLinesFlowWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void accept(FlowRecord record) {
        try {
            json.writeLine(record, out);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write flow record", e);
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
