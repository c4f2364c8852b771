package jp.onplanetz.privacy.disclosurelog.service.registers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.disclosurelog.JointUse;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.repository.registers.JointUseRepository;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The joint-use register: notices published and read, never changed. No events: joint use is not a provision
 * to a third party, and nothing else in the suite acts on it.
 */
@ApplicationScoped
@Transactional
public class JointUseService {

    /** A new notice as the privacy officer writes it; {@code supersedes} names the entry it changes, if any. */
    public record Registration(String title, List<String> dataItems, String jointUsersScope, String purposes,
            String responsibleName, String responsibleAddress, String responsibleRepresentative, LocalDate startsOn,
            UUID supersedes) {
    }

    /** One page of the register, which of its entries have been replaced (id to successor), and the total. */
    public record Listing(List<JointUse> items, Map<UUID, UUID> successors, long total) {
    }

    /** The entries in force or announced, the register's calendar, and the day in it they were read on. */
    public record Notice(List<JointUse> arrangements, ZoneId zone, LocalDate today) {
    }

    private final JointUseRepository jointUses;
    private final Outbox outbox;
    private final DisclosureLogConfig config;

    public JointUseService(JointUseRepository jointUses, Outbox outbox, DisclosureLogConfig config) {
        this.jointUses = jointUses;
        this.outbox = outbox;
        this.config = config;
    }

    public JointUse register(Registration r, String actor) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        DataItems.check(r.dataItems(), invalid);
        // The notice must reach the data subjects before the joint use starts (Art. 27(5)(iii)), and a change
        // before it takes effect (Art. 27(6)): publishing today what began yesterday would be neither.
        LocalDate today = today();
        if (r.startsOn().isBefore(today)) {
            invalid.add(new Problem.InvalidParam("startsOn",
                    "must not be before today (" + today + "): the notice must precede the joint use"));
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The request has invalid fields.", invalid));
        }
        if (r.supersedes() != null) {
            // Two replacements of one entry made at once run one after the other, and the second sees the first
            // instead of failing on the unique constraint. An advisory lock, not a row lock: the service's role may
            // not lock rows of a table it cannot update.
            outbox.lockKey("joint-use-replacement:" + r.supersedes());
            JointUse older = jointUses.findByIdOptional(r.supersedes()).orElseThrow(() -> unknownEntry(r.supersedes()));
            jointUses.successorOf(older.id).ifPresent(newer -> {
                // Replacing an old version would put two versions of one arrangement on the notice.
                throw new ProblemException(Problem.of(Response.Status.CONFLICT, "joint-use-superseded",
                        "joint use " + older.id + " is already superseded by " + newer.id
                                + "; a change must supersede the current entry").with("supersededBy", newer.id));
            });
        }
        JointUse j = new JointUse();
        j.id = UUID.randomUUID();
        j.title = r.title();
        // The same item named twice is one item used jointly.
        j.dataItems = List.copyOf(new LinkedHashSet<>(r.dataItems()));
        j.jointUsersScope = r.jointUsersScope();
        j.purposes = r.purposes();
        j.responsibleName = r.responsibleName();
        j.responsibleAddress = r.responsibleAddress();
        j.responsibleRepresentative = r.responsibleRepresentative();
        j.startsOn = r.startsOn();
        j.supersedes = r.supersedes();
        j.publishedAt = DatabaseClock.now();
        j.createdBy = actor;
        jointUses.persist(j);
        return j;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public JointUse get(UUID id) {
        return jointUses.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("joint use " + id));
    }

    /** The entry that replaced {@code id}, or null while it is current. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public UUID successorOf(UUID id) {
        return jointUses.successorOf(id).map(s -> s.id).orElse(null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(int page, int size) {
        List<JointUse> items = jointUses.page(page, size);
        return new Listing(items, jointUses.successorsOf(items.stream().map(j -> j.id).toList()), jointUses.count());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Notice notice() {
        return new Notice(jointUses.current(), config.zone(), today());
    }

    private LocalDate today() {
        return LocalDate.now(config.zone());
    }

    /**
     * 422, not 404: the request reached an existing resource and is well-formed, but names an entry that does
     * not exist; the field is named as for any other invalid input.
     */
    private static ProblemException unknownEntry(UUID id) {
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "unknown-joint-use", "Unprocessable Content", 422,
                "joint use " + id + " does not exist", null,
                List.of(new Problem.InvalidParam("supersedes", "no joint use " + id))));
    }
}
