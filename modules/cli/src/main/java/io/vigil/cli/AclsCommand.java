package io.vigil.cli;

import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.runtime.config.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil acls}: the rights one role's principal needs, printed or applied, from the declaration. */
@Command(name = "acls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print, or apply with --apply, the Kafka ACLs one role needs and nothing more.",
                "Give each role its own principal. With --scram-password-file, --apply also sets that principal's "
                + "SCRAM-SHA-512 password. --table prints every role's rights as docs/security.md shows them."})
final class AclsCommand implements Callable<Integer> {

    @Mixin
    DeclarationOptions options;

    @Option(names = "--role", paramLabel = "ROLE", description = "collector, detector, notifier, console, reporter or intel")
    String role;

    @Option(names = "--principal", paramLabel = "PRINCIPAL",
            description = "who the role is to Kafka: User:NAME (the SCRAM user, or the certificate's name as the cluster maps it)")
    String principal;

    @Option(names = "--apply", description = "create the ACLs on the cluster (as the --config file's administrator)")
    boolean apply;

    @Option(names = "--scram-password-file", paramLabel = "FILE",
            description = "with --apply: set the principal's SCRAM-SHA-512 password to this file's content")
    Path scramPasswordFile;

    @Option(names = "--table", description = "print every role's rights as a Markdown table, and exit")
    boolean table;

    @Override
    public Integer call() throws Exception {
        ClusterKeys.Declared d = options.read();
        if (table) {
            System.out.print(d.access().table());
            return ExitCodes.OK;
        }
        if (role == null || principal == null) throw new UserException("give --role ROLE and --principal User:NAME (or --table)");
        AccessPlan.Role r;
        try {
            r = AccessPlan.Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new UserException("--role: " + e.getMessage());
        }
        if (!principal.matches("[A-Za-z]+:.+")) throw new UserException("--principal: '" + principal + "' is not TYPE:NAME (User:detector)");
        if (scramPasswordFile != null && !apply) throw new UserException("--scram-password-file: only with --apply");
        String password = Secrets.read("--scram-password-file", scramPasswordFile);
        List<AclBinding> bindings = d.access().bindings(r, principal);
        for (AclBinding b : bindings) System.out.println(line(b));
        if (!apply) return ExitCodes.OK;
        try (KafkaEndpoint k = options.connect(d, "vigil acls --apply"); Admin admin = k.adminClient()) {
            DeclarationOptions.run(() -> admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS));
            if (password != null) {
                String user = principal.substring(principal.indexOf(':') + 1);
                DeclarationOptions.run(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(60, TimeUnit.SECONDS));
                System.err.println("vigil acls: SCRAM-SHA-512 password of " + user + " set");
            }
        }
        System.err.println("vigil acls: " + bindings.size() + " ACLs for " + principal + " (" + r.wire() + ") applied");
        return ExitCodes.OK;
    }

    /** One ACL, as an administrator reads it: ALLOW User:detector READ topic vigil.flows.v1. */
    static String line(AclBinding b) {
        return b.entry().permissionType() + " " + b.entry().principal() + " " + b.entry().operation() + " "
                + b.pattern().resourceType().name().toLowerCase(Locale.ROOT).replace('_', '-') + " "
                + (b.pattern().patternType().name().equals("PREFIXED") ? b.pattern().name() + "* (prefixed)" : b.pattern().name());
    }
}
