package io.vigil.console.flows;

import io.vigil.model.FlowRecord;
import io.vigil.model.Json;
import java.time.Instant;
import java.util.List;

/**
 * An alert's flows as files an analyst takes elsewhere: CSV (one flow a line, the columns a
 * spreadsheet or a SIEM import wants) and JSON lines (the records exactly as the flows topic
 * holds them). At most {@link #MAX_ROWS} flows; the page says when there were more.
 */
public final class Exports {

    public static final int MAX_ROWS = 10_000;

    static final String HEADER = "start,end,proto,src_ip,src_port,dst_ip,dst_port,app_proto,tcp_state,packets_out,bytes_out,"
            + "packets_in,bytes_in,end_reason,server_name,flow_id\n";

    private Exports() {}

    public static String csv(List<FlowRecord> flows) {
        StringBuilder b = new StringBuilder(HEADER);
        for (FlowRecord f : flows) {
            b.append(Instant.ofEpochMilli(f.start())).append(',').append(Instant.ofEpochMilli(f.end())).append(',')
                    .append(cell(f.proto())).append(',').append(cell(f.srcIp())).append(',').append(f.srcPort()).append(',')
                    .append(cell(f.dstIp())).append(',').append(f.dstPort()).append(',').append(cell(f.appProto())).append(',')
                    .append(cell(f.tcpState())).append(',').append(f.packetsOut()).append(',').append(f.bytesOut()).append(',')
                    .append(f.packetsIn()).append(',').append(f.bytesIn()).append(',').append(cell(f.endReason())).append(',')
                    .append(cell(f.serverName())).append(',').append(cell(f.flowId())).append('\n');
        }
        return b.toString();
    }

    public static String jsonLines(List<FlowRecord> flows) {
        StringBuilder b = new StringBuilder();
        for (FlowRecord f : flows) b.append(Json.write(f)).append('\n');
        return b.toString();
    }

    /**
     * A CSV cell: quoted when it holds a comma, quote or line break; and a leading {@code = + - @}
     * is neutralised, so a server name an attacker chose cannot become a spreadsheet formula.
     */
    static String cell(String s) {
        if (s == null) return "";
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(s)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
