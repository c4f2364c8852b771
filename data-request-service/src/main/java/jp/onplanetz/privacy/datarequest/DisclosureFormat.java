package jp.onplanetz.privacy.datarequest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The electronic form in which disclosed data is handed over (APPI Art. 33(1): the subject may choose). */
public enum DisclosureFormat {
    @JsonProperty("json") JSON,
    @JsonProperty("csv") CSV;

    public String code() {
        return name().toLowerCase();
    }
}
