package io.vigil.console.web;

import io.vigil.console.auth.Identity;
import io.vigil.console.auth.Role;
import io.vigil.console.view.AlertView;
import java.util.ArrayList;
import java.util.List;

/**
 * What every page's frame needs: its title, who is signed in (null on the sign-in page), the
 * CSRF token its forms carry, which menu item is current, messages to show once (a
 * "done" or an error), and the sites whose collector is silent (a banner on every page: a
 * silent collector means alerts may be missing).
 */
public record Layout(String title, Identity who, String csrf, String nav, List<Message> messages,
                     List<AlertView.Silence> silences) {

    /** A line at the top of the page: {@code success}, {@code important} or {@code error}. */
    public record Message(String kind, String text) {}

    /** The same frame with one more message. */
    public Layout with(Message m) {
        List<Message> all = new ArrayList<>(messages);
        all.add(m);
        return new Layout(title, who, csrf, nav, List.copyOf(all), silences);
    }

    public boolean may(String role) {
        return who != null && who.may(Role.parse(role));
    }
}
