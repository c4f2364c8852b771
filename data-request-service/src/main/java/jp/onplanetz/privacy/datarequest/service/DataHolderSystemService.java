package jp.onplanetz.privacy.datarequest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataHolderSystem;
import jp.onplanetz.privacy.datarequest.repository.DataHolderSystemRepository;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.util.List;

/**
 * The register of systems that hold personal data and carry out requests. The suite's own services are in it from
 * the start and stay; a privacy officer registers the company's other systems (which must read the task topic and
 * answer under their code) and retires them. A request goes to the systems active when it starts.
 */
@ApplicationScoped
@Transactional
public class DataHolderSystemService {

    /** An outside system to register. */
    public record Registration(String code, String name, String description, String contact) {
    }

    private final DataHolderSystemRepository systems;

    public DataHolderSystemService(DataHolderSystemRepository systems) {
        this.systems = systems;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DataHolderSystem> all() {
        return systems.all();
    }

    /** Registers an outside system; a code once used is never given to another system (answers name it). */
    public DataHolderSystem register(Registration reg, String officerId) {
        if (systems.findByIdOptional(reg.code()).isPresent()) {
            throw ProblemException.conflict("code-taken", "a system with code '" + reg.code()
                    + "' is registered already (retired codes are not given out again)");
        }
        DataHolderSystem s = new DataHolderSystem();
        s.code = reg.code();
        s.name = reg.name().strip();
        s.description = reg.description();
        s.contact = reg.contact();
        s.partOfSuite = false;
        s.active = true;
        s.registeredAt = DatabaseClock.now();
        s.registeredBy = officerId;
        systems.persist(s);
        return s;
    }

    /**
     * Retires an outside system: requests starting from now on do not wait for it. Requests already in progress
     * still do (their task was given to it); an officer re-assigns or follows them up.
     */
    public DataHolderSystem retire(String code, String officerId) {
        DataHolderSystem s = systems.findByIdOptional(code, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("system " + code));
        if (s.partOfSuite) {
            throw ProblemException.conflict("part-of-suite", "'" + code
                    + "' is one of the suite's own services, which every request reaches");
        }
        if (!s.active) {
            throw ProblemException.conflict("already-retired", "'" + code + "' was retired at " + s.retiredAt);
        }
        s.active = false;
        s.retiredAt = DatabaseClock.now();
        s.retiredBy = officerId;
        return s;
    }
}
