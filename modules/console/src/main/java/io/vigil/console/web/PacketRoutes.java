package io.vigil.console.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.console.auth.Role;
import io.vigil.console.packets.PacketShelf;
import io.vigil.console.view.AlertDetail;
import io.vigil.model.ConsoleEvent;

/**
 * The packets behind an alert: {@code POST /alerts/ID/packets} asks the collector of the alert's
 * site through Kafka (up to a minute) and the alert's page then says what came; {@code GET
 * /alerts/ID/packets.pcap} hands the pcap over. Packets are the most personal thing Vigil holds:
 * analysts only, and both the fetch and each download are recorded (the request itself also
 * stays on the requests topic with the user's name).
 */
public final class PacketRoutes implements WebServer.Routes {

    private final Web web;
    private final PacketShelf shelf;

    public PacketRoutes(Web web, PacketShelf shelf) {
        this.web = web;
        this.shelf = shelf;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/alerts/{id}/packets", this::fetch);
        routes.get("/alerts/{id}/packets.pcap", this::download);
    }

    private AlertDetail alert(Context ctx) {
        AlertDetail d = web.view.alert(ctx.pathParam("id"));
        if (d == null) web.notFound(ctx, "No alert with id " + ctx.pathParam("id") + " is in view.");
        return d;
    }

    private void fetch(Context ctx) {
        if (!web.allowed(ctx, Role.ANALYST)) return;
        AlertDetail d = alert(ctx);
        if (d == null) return;
        PacketShelf.Entry e = shelf.fetch(d.alert(), Web.who(ctx).user());
        String said = Describe.packets(e);
        web.audit(ctx, ConsoleEvent.PACKETS_FETCHED, d.alert().id(), said);
        web.flash(ctx, e.result().hasPackets() ? "success" : "important", said);
        ctx.redirect("/alerts/" + d.alert().id() + "#packets");
    }

    private void download(Context ctx) {
        if (!web.allowed(ctx, Role.ANALYST)) return;
        AlertDetail d = alert(ctx);
        if (d == null) return;
        PacketShelf.Entry e = shelf.get(d.alert().id());
        if (e == null || !e.result().hasPackets()) {
            web.notFound(ctx, "The packets of alert " + d.alert().id() + " have not been fetched in the last hour: "
                    + "fetch them on the alert's page.");
            return;
        }
        web.audit(ctx, ConsoleEvent.PACKETS_FETCHED, d.alert().id(), "downloaded " + e.bytes() + " bytes");
        String name = d.alert().id().replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap";
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/vnd.tcpdump.pcap").result(e.result().pcap());
    }
}
