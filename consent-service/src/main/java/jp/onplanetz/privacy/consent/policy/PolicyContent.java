package jp.onplanetz.privacy.consent.policy;

import jp.onplanetz.privacy.events.WireCoded;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the policy announces, as data: the controller, the data categories it acquires, the purposes of use
 * (each with its categories, legal basis and whether a third party receives data) and the third parties
 * that receive it. Immutable; every list is kept sorted by code so that equal content has one canonical
 * form ({@link PolicyCanon}) and so one hash.
 */
public record PolicyContent(Controller controller, List<Category> categories, List<Purpose> purposes,
        List<Recipient> recipients) {

    public static final String CODE = "^[a-z][a-z0-9-]{1,63}$";
    /** Category codes are {@code group.item}, e.g. {@code profile.email}; the group alone names all its items. */
    public static final String CATEGORY_CODE = "^[a-z][a-z0-9-]{1,30}\\.[a-z][a-z0-9-]{1,30}$";

    public PolicyContent {
        Objects.requireNonNull(controller, "controller");
        categories = sorted(categories, Category::code);
        purposes = sorted(purposes, Purpose::code);
        recipients = sorted(recipients, Recipient::code);
    }

    /** Who is responsible for the data (APPI's "business operator handling personal information"). */
    public record Controller(String name, String contact, String address) {
    }

    /** A kind of personal data the policy says is acquired; {@code dpv}: the matching W3C DPV-PD term, if any. */
    public record Category(String code, String name, String dpv) {
        @JsonIgnore
        public String group() {
            return code.substring(0, code.indexOf('.'));
        }
    }

    public enum LegalBasis implements WireCoded {
        /** The subject's consent: a use needs a consent that still counts. */
        @JsonProperty("consent") CONSENT,
        /** Providing the service the subject contracted for: no consent needed. */
        @JsonProperty("contract") CONTRACT;

        public String code() {
            return name().toLowerCase();
        }
    }

    /** A purpose of use; {@code dpv}: the matching W3C DPV purpose, if any; {@code policyRef}: the article. */
    public record Purpose(String code, String name, LegalBasis legalBasis, boolean thirdParty, List<String> categories,
            String dpv, String policyRef) {
        public Purpose {
            categories = categories.stream().distinct().sorted().toList();
        }
    }

    /**
     * A third party that receives data, and the purposes it may receive it for. {@code externalTransmission}: set when
     * the recipient provides a module the site incorporates, which sends user information from the user's terminal to
     * it (the policy's Art. 7); the published notice of external transmissions is made from it. Left out of the JSON
     * when absent, so that content without one keeps the canonical text, and so the hash, it always had.
     */
    public record Recipient(String code, String name, String address, String representative, List<String> purposes,
            @JsonInclude(JsonInclude.Include.NON_NULL) ExternalTransmission externalTransmission) {
        public Recipient {
            purposes = purposes.stream().distinct().sorted().toList();
        }

        public Recipient(String code, String name, String address, String representative, List<String> purposes) {
            this(code, name, address, representative, purposes, null);
        }
    }

    /**
     * What a module the site incorporates sends to its provider, as a notice must say it (Japan's Telecommunications
     * Business Act, Art. 27-12): the module, what for, which categories of this policy, the provider's own privacy
     * policy, how a user stops it, and the article announcing it.
     */
    public record ExternalTransmission(String module, String purpose, List<String> categories, String privacyPolicy,
            String optOut, String policyRef) {
        public ExternalTransmission {
            categories = categories.stream().distinct().sorted().toList();
        }
    }

    public Optional<Purpose> purpose(String code) {
        return purposes.stream().filter(p -> p.code().equals(code)).findFirst();
    }

    public Optional<Recipient> recipient(String code) {
        return recipients.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    public Optional<Category> category(String code) {
        return categories.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    /**
     * The category items a requested code stands for: itself if it is an item, every item of the group if
     * it names a group; empty if it is neither (an unknown category).
     */
    public List<String> expandCategory(String code) {
        if (category(code).isPresent()) {
            return List.of(code);
        }
        return categories.stream().filter(c -> c.group().equals(code)).map(Category::code).toList();
    }

    // ---- edits of a draft: each returns new content ----------------------------------------------

    public PolicyContent withPurpose(Purpose p) {
        return new PolicyContent(controller, categories, replace(purposes, p, Purpose::code), recipients);
    }

    public PolicyContent withoutPurpose(String code) {
        return new PolicyContent(controller, categories, remove(purposes, code, Purpose::code), recipients);
    }

    public PolicyContent withCategory(Category c) {
        return new PolicyContent(controller, replace(categories, c, Category::code), purposes, recipients);
    }

    public PolicyContent withoutCategory(String code) {
        return new PolicyContent(controller, remove(categories, code, Category::code), purposes, recipients);
    }

    public PolicyContent withRecipient(Recipient r) {
        return new PolicyContent(controller, categories, purposes, replace(recipients, r, Recipient::code));
    }

    public PolicyContent withoutRecipient(String code) {
        return new PolicyContent(controller, categories, purposes, remove(recipients, code, Recipient::code));
    }

    public PolicyContent withController(Controller c) {
        return new PolicyContent(c, categories, purposes, recipients);
    }

    /**
     * What makes this content unusable as a policy, as (field, reason) pairs: a purpose naming an unknown
     * category, a recipient naming an unknown purpose or one that gives no data to third parties, a
     * third-party purpose on the legal basis of the contract (APPI Art. 27: third parties need consent).
     */
    public List<Violation> violations() {
        List<Violation> v = new ArrayList<>();
        for (Purpose p : purposes) {
            for (String c : p.categories()) {
                if (category(c).isEmpty()) {
                    v.add(new Violation("purposes." + p.code() + ".categories", "unknown category '" + c + "'"));
                }
            }
            if (p.categories().isEmpty()) {
                v.add(new Violation("purposes." + p.code() + ".categories", "a purpose uses at least one category"));
            }
            if (p.thirdParty() && p.legalBasis() == LegalBasis.CONTRACT) {
                v.add(new Violation("purposes." + p.code() + ".legalBasis",
                        "a third party receives data only with consent (the Art. 27(1) exceptions are claimed per use)"));
            }
        }
        for (Recipient r : recipients) {
            for (String pc : r.purposes()) {
                Optional<Purpose> p = purpose(pc);
                if (p.isEmpty()) {
                    v.add(new Violation("recipients." + r.code() + ".purposes", "unknown purpose '" + pc + "'"));
                } else if (!p.get().thirdParty()) {
                    v.add(new Violation("recipients." + r.code() + ".purposes",
                            "purpose '" + pc + "' gives no data to third parties"));
                }
            }
            if (r.externalTransmission() != null) {
                // a module sends only what the policy announces for the purposes its provider receives data for
                List<String> announced = r.purposes().stream().map(this::purpose).flatMap(Optional::stream)
                        .flatMap(p -> p.categories().stream()).toList();
                for (String c : r.externalTransmission().categories()) {
                    if (category(c).isEmpty()) {
                        v.add(new Violation("recipients." + r.code() + ".externalTransmission.categories",
                                "unknown category '" + c + "'"));
                    } else if (!announced.contains(c)) {
                        v.add(new Violation("recipients." + r.code() + ".externalTransmission.categories",
                                "category '" + c + "' is not used by any purpose of the recipient"));
                    }
                }
            }
        }
        return v;
    }

    public record Violation(String field, String reason) {
    }

    private static <T> List<T> sorted(List<T> items, Function<T, String> code) {
        List<T> list = List.copyOf(items == null ? List.of() : items);
        LinkedHashSet<String> codes = list.stream().map(code).collect(Collectors.toCollection(LinkedHashSet::new));
        if (codes.size() != list.size()) {
            throw new IllegalArgumentException("duplicate codes in " + list);
        }
        return list.stream().sorted(Comparator.comparing(code)).toList();
    }

    private static <T> List<T> replace(List<T> items, T item, Function<T, String> code) {
        List<T> out = new ArrayList<>(remove(items, code.apply(item), code));
        out.add(item);
        return out;
    }

    private static <T> List<T> remove(List<T> items, String c, Function<T, String> code) {
        return items.stream().filter(i -> !code.apply(i).equals(c)).toList();
    }
}
