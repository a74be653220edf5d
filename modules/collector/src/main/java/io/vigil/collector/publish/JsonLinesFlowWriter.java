package io.vigil.collector.publish;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.vigil.collector.flow.FlowSink;
import io.vigil.model.FlowRecord;
import io.vigil.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes one flow record per line as JSON, the stable output of {@code vigil flows}. */
public final class JsonLinesFlowWriter implements FlowSink, AutoCloseable {

    private final OutputStream out;
    private final ObjectWriter writer = Json.MAPPER.writerFor(FlowRecord.class);
    private long written;

    public JsonLinesFlowWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void accept(FlowRecord record) {
        try {
            out.write(writer.writeValueAsBytes(record));
            out.write('\n');
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
        out.flush();
    }
}
