package jp.onplanetz.privacy.benchmarks.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A data subject of the run and the profile its events carry (fixed per subject, varied over subjects). */
record UsageSubject(String id, String cookieId, String terminalId, String ip, String gender, int birthYear,
        String address, String companyName, String companySize, String companySector, String jobTitle) {

    private static final String[] GENDERS = {"female", "male", "other", "unspecified"};
    private static final String[] ADDRESSES = {"東京都千代田区丸の内1-1-1", "大阪府大阪市北区梅田3-1-1",
        "北海道札幌市中央区北1条西2-1", "福岡県福岡市博多区博多駅前2-1-1", "愛知県名古屋市中村区名駅1-1-4",
        "沖縄県那覇市泉崎1-2-2", "宮城県仙台市青葉区本町3-8-1", "広島県広島市中区基町10-52"};
    private static final String[] SIZES = {"1-9", "10-99", "250", "1000+", "42"};
    private static final String[] SECTORS = {"E", "G", "情報通信業", "K", "P"};
    private static final String[] JOBS = {"Software Engineer", "Sales Manager", "Accountant", "Nurse", "Teacher",
        "Designer"};

    static List<UsageSubject> many(int n) {
        List<UsageSubject> subjects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            subjects.add(new UsageSubject(UUID.randomUUID().toString(), "c-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                    "t-" + Integer.toHexString(i), "203.0.113." + (i % 250 + 1), GENDERS[i % GENDERS.length],
                    1950 + (i * 7) % 56, ADDRESSES[i % ADDRESSES.length], "Company " + (i % 97) + " K.K.",
                    SIZES[i % SIZES.length], SECTORS[(i / 3) % SECTORS.length], JOBS[(i / 5) % JOBS.length]));
        }
        return subjects;
    }
}
