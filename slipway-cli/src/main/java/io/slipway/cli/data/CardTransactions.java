package io.slipway.cli.data;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A seeded synthetic stream of card transactions with a rare fraud label, for the data
 * versioning, drift and training demos. Rows are made one at a time and nothing is kept per row
 * or per customer (a customer's habits are derived from a hash of its id), so any number of rows
 * takes the same memory. The same {@link Spec} gives the same rows; {@code drift} moves amounts,
 * the merchant mix, online share, foreign share, night hours and with them the fraud rate.
 *
 * <p>The label is drawn from a logistic function of the row's own features plus hidden noise, so a
 * model can learn it but not perfectly. Values are rounded as they are drawn, so a written file
 * holds exactly the values the label was computed from.
 */
public final class CardTransactions implements Iterable<CardTransactions.Transaction> {
    /** Column names in file order. */
    public static final List<String> COLUMNS = List.of("transaction_id", "timestamp", "customer_id", "amount", "merchant_category",
            "country", "hour", "device", "card_present", "velocity_1h", "velocity_24h", "amount_vs_avg_30d", "distance_from_home_km",
            "is_fraud");
    /** The issuer's country: every customer lives here. */
    public static final String HOME_COUNTRY = "US";
    public static final int CUSTOMERS = 100_000;

    private static final Instant LATEST_END = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * What to generate. {@code drift} 0 is the reference distribution and 1 a clearly shifted one;
     * {@code nullFraction} of {@code amount_vs_avg_30d} and of {@code distance_from_home_km} is
     * missing (independently).
     */
    public record Spec(long rows, long seed, Instant start, Duration span, double drift, double nullFraction) {
        public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");
        public static final Duration DEFAULT_SPAN = Duration.ofDays(30);
        public static final double DEFAULT_NULL_FRACTION = 0.01;

        public Spec {
            requireNonNull(start, "start is null");
            requireNonNull(span, "span is null");
            if (rows < 0) {
                throw new IllegalArgumentException("rows must be 0 or more, was " + rows);
            }
            if (!(drift >= 0 && drift <= 1)) {
                throw new IllegalArgumentException("drift must be between 0.0 and 1.0, was " + drift);
            }
            if (!(nullFraction >= 0 && nullFraction <= 1)) {
                throw new IllegalArgumentException("null fraction must be between 0.0 and 1.0, was " + nullFraction);
            }
            if (span.compareTo(Duration.ofHours(1)) < 0 || span.compareTo(Duration.ofDays(3660)) > 0) {
                throw new IllegalArgumentException("span must be between one hour and ten years, was " + span);
            }
            if (start.isBefore(Instant.EPOCH) || start.plus(span).isAfter(LATEST_END)) {
                throw new IllegalArgumentException("start must be between 1970 and 9989, was " + start);
            }
        }

        /** Thirty days from 2024-01-01 with 1 % nulls. */
        public static Spec of(long rows, long seed, double drift) {
            return new Spec(rows, seed, DEFAULT_START, DEFAULT_SPAN, drift, DEFAULT_NULL_FRACTION);
        }

        public Spec withNullFraction(double fraction) {
            return new Spec(rows, seed, start, span, drift, fraction);
        }
    }

    /** One row; a {@code null} ratio or distance is a missing value. */
    public record Transaction(String transactionId, Instant timestamp, String customerId, double amount, String merchantCategory,
            String country, int hour, String device, boolean cardPresent, int velocity1h, int velocity24h, Double amountVsAvg30d,
            Double distanceFromHomeKm, boolean fraud) {}

    private final Spec spec;

    public CardTransactions(Spec spec) {
        this.spec = requireNonNull(spec, "spec is null");
    }

    public Spec spec() {
        return spec;
    }

    /** Each iterator starts again from the seed, so every pass sees the same rows. */
    @Override
    public Iterator<Transaction> iterator() {
        return new Generator(spec);
    }

    /**
     * Merchant categories (with a typical MCC in the comment): share of transactions at drift 0
     * and at drift 1, median amount and its log-spread, how often it is bought online, and how much
     * it adds to the fraud log-odds.
     */
    private enum Category {
        GROCERY("grocery", 0.22, 0.14, 45, 0.6, 0.02, -0.6),                // 5411
        RESTAURANTS("restaurants", 0.15, 0.12, 30, 0.6, 0.10, -0.4),       // 5812
        GAS_STATION("gas_station", 0.10, 0.06, 40, 0.4, 0.01, 0.3),        // 5541
        RETAIL("retail", 0.12, 0.08, 60, 0.8, 0.15, 0.0),                  // 5311
        ONLINE_RETAIL("online_retail", 0.12, 0.22, 55, 0.9, 1.00, 0.4),    // 5964
        TRAVEL("travel", 0.03, 0.05, 350, 0.7, 0.80, 0.5),                 // 4511
        HOTELS("hotels", 0.03, 0.04, 220, 0.6, 0.50, 0.1),                 // 7011
        ENTERTAINMENT("entertainment", 0.06, 0.06, 35, 0.6, 0.30, -0.1),   // 7832
        ELECTRONICS("electronics", 0.05, 0.09, 180, 0.9, 0.35, 0.8),       // 5732
        DIGITAL_GOODS("digital_goods", 0.05, 0.10, 15, 0.8, 1.00, 1.0),    // 5815
        PHARMACY("pharmacy", 0.07, 0.04, 25, 0.6, 0.02, -0.5);             // 5912

        final String label;
        final double share;
        final double driftedShare;
        final double medianAmount;
        final double amountSpread;
        final double onlineShare;
        final double fraudRisk;

        Category(String label, double share, double driftedShare, double medianAmount, double amountSpread, double onlineShare,
                double fraudRisk) {
            this.label = label;
            this.share = share;
            this.driftedShare = driftedShare;
            this.medianAmount = medianAmount;
            this.amountSpread = amountSpread;
            this.onlineShare = onlineShare;
            this.fraudRisk = fraudRisk;
        }
    }

    /** A country a card is used in from abroad: its distance from the home country and its fraud risk. */
    private record Country(String code, double distanceKm, double fraudRisk) {}

    private static final Country[] TRAVEL_COUNTRIES = {
            new Country("CA", 1200, 0), new Country("MX", 2000, 0.2), new Country("GB", 5600, 0), new Country("FR", 6200, 0),
            new Country("DE", 6500, 0), new Country("ES", 6000, 0), new Country("IT", 7000, 0), new Country("JP", 10500, 0)};
    private static final Country[] ONLINE_COUNTRIES = {
            new Country("GB", 5600, 0), new Country("NL", 6000, 0), new Country("DE", 6500, 0), new Country("CN", 11000, 0.5),
            new Country("IN", 12500, 0.4), new Country("BR", 7500, 0.6), new Country("RO", 8000, 1.0), new Country("NG", 9000, 1.2)};

    /** Relative share of transactions in each UTC hour, at drift 0; drift adds to the night hours. */
    private static final double[] HOURLY_ACTIVITY = {
            0.8, 0.5, 0.35, 0.3, 0.3, 0.5, 1.2, 2.5, 3.8, 4.5, 5.0, 5.8, 6.5, 6.0, 5.5, 5.5, 5.8, 6.5, 6.8, 6.2, 5.0, 3.8, 2.6, 1.5};

    /** The mean amount over the category mix at drift 0, for a customer of spending level 1. */
    private static final double TYPICAL_AMOUNT = 82;
    /** Fixes the overall fraud rate near 1 % at drift 0. */
    private static final double FRAUD_INTERCEPT = -6.75;

    static boolean isNight(int hour) {
        return hour < 6;
    }

    /** Makes the rows of one spec, in order. */
    private static final class Generator implements Iterator<Transaction> {
        private final Spec spec;
        private final double drift;
        private final SplitMix random;
        private final long idSalt;
        private final long customerSalt;
        private final double[] categoryCumulative = new double[Category.values().length];
        private final double[] hourActivity = new double[24];
        private final Timeline timeline;
        private long next;

        Generator(Spec spec) {
            this.spec = spec;
            this.drift = spec.drift();
            this.random = new SplitMix(spec.seed());
            this.idSalt = SplitMix.mix(spec.seed() ^ 0x5DEECE66DL);
            this.customerSalt = SplitMix.mix(spec.seed() + 0x2545F4914F6CDD1DL);
            double cumulative = 0;
            for (Category category : Category.values()) {
                cumulative += (1 - drift) * category.share + drift * category.driftedShare;
                categoryCumulative[category.ordinal()] = cumulative;
            }
            for (int hour = 0; hour < 24; hour++) {
                hourActivity[hour] = HOURLY_ACTIVITY[hour] * (isNight(hour) || hour == 23 ? 1 + 1.5 * drift : 1);
            }
            this.timeline = new Timeline(spec.start(), spec.span(), hourActivity, spec.rows());
        }

        @Override
        public boolean hasNext() {
            return next < spec.rows();
        }

        @Override
        public Transaction next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long index = next++;
            Instant timestamp = timeline.timeOf(index, random.nextDouble());
            int hour = (int) Math.floorMod(timestamp.getEpochSecond() / 3600, 24L);

            int customer = (int) (random.nextDouble() * CUSTOMERS);
            long habits = SplitMix.mix(customerSalt + customer);
            double spendingLevel = StrictMath.exp(0.4 * SplitMix.gaussian(habits));
            double dailyRate = Math.min(40, 2.5 * StrictMath.exp(0.6 * SplitMix.gaussian(SplitMix.mix(habits))));
            boolean iphone = SplitMix.unit(SplitMix.mix(habits + 1)) < 0.55 - 0.2 * drift;

            Category category = category(random.nextDouble());
            boolean online = random.nextDouble() < category.onlineShare + (1 - category.onlineShare) * 0.3 * drift;
            String device = online ? onlineDevice(iphone) : "pos";
            boolean cardPresent = !online && random.nextDouble() >= 0.03; // a few card-not-present keyed entries at the till

            boolean foreign = random.nextDouble() < (online ? 0.12 + 0.08 * drift : 0.03 + 0.05 * drift);
            Country abroad = foreign ? (online ? ONLINE_COUNTRIES : TRAVEL_COUNTRIES)[(int) (random.nextDouble() * 8)] : null;
            double distance = foreign
                    ? abroad.distanceKm() * StrictMath.exp(0.15 * random.nextGaussian())
                    : random.nextDouble() < 0.04 ? 300 + 3700 * random.nextDouble() : Math.min(2500, 6 * StrictMath.exp(1.1 * random.nextGaussian()));
            distance = Math.round(distance * 10) / 10.0;

            double amount = category.medianAmount * spendingLevel * StrictMath.exp(category.amountSpread * random.nextGaussian() + 0.3 * drift);
            amount = Math.round(Math.min(25_000, Math.max(0.5, amount)) * 100) / 100.0;
            double customerAverage = TYPICAL_AMOUNT * spendingLevel * StrictMath.exp(0.2 * drift + 0.1 * random.nextGaussian());
            double ratio = Math.max(0.001, Math.round(amount / customerAverage * 1000) / 1000.0);

            // a burst: several transactions within the hour, as when a stolen card is tried out
            boolean burst = random.nextDouble() < 0.02 + 0.01 * drift;
            int velocity1h = random.poisson(dailyRate * 0.1 + (burst ? 4 : 0));
            int velocity24h = velocity1h + random.poisson(dailyRate * 0.9 + (burst ? 3 : 0));

            double logOdds = FRAUD_INTERCEPT
                    + 1.1 * Math.max(0, StrictMath.log(ratio))
                    + (foreign ? 0.9 + abroad.fraudRisk() : 0)
                    + (isNight(hour) ? 0.9 : 0)
                    + 0.5 * Math.min(velocity1h, 8)
                    + (cardPresent ? 0 : 0.9)
                    + category.fraudRisk
                    + (!cardPresent && ratio > 3 ? 0.8 : 0)
                    + (isNight(hour) && foreign ? 0.7 : 0)
                    + 0.5 * random.nextGaussian();
            boolean fraud = random.nextDouble() < 1 / (1 + StrictMath.exp(-logOdds));

            Double ratioOrMissing = random.nextDouble() < spec.nullFraction() ? null : ratio;
            Double distanceOrMissing = random.nextDouble() < spec.nullFraction() ? null : distance;
            return new Transaction(transactionId(index), timestamp, customerId(customer), amount, category.label,
                    foreign ? abroad.code() : HOME_COUNTRY, hour, device, cardPresent, velocity1h, velocity24h, ratioOrMissing,
                    distanceOrMissing, fraud);
        }

        private Category category(double u) {
            Category[] categories = Category.values();
            for (int i = 0; i < categories.length - 1; i++) {
                if (u < categoryCumulative[i]) {
                    return categories[i];
                }
            }
            return categories[categories.length - 1];
        }

        private String onlineDevice(boolean iphone) {
            if (random.nextDouble() < 0.4 + 0.15 * drift) {
                return "web";
            }
            return iphone ? "ios" : "android";
        }

        /** Sixteen hex digits, a bijection of the row index so ids are unique yet look random. */
        private String transactionId(long index) {
            return "tx_" + hex16(SplitMix.mix(index ^ idSalt));
        }

        private static String customerId(int customer) {
            char[] id = {'C', '0', '0', '0', '0', '0', '0'};
            for (int i = id.length - 1, rest = customer; rest > 0; i--, rest /= 10) {
                id[i] = (char) ('0' + rest % 10);
            }
            return new String(id);
        }

        private static String hex16(long value) {
            char[] digits = new char[16];
            for (int i = 15; i >= 0; i--, value >>>= 4) {
                digits[i] = Character.forDigit((int) (value & 0xF), 16);
            }
            return new String(digits);
        }
    }

    /**
     * Spreads the rows over the span with the density of the hourly activity, so timestamps
     * increase and their hours follow the day's rhythm: row {@code i} lands where the cumulative
     * activity reaches {@code (i + u) / rows} of the total.
     */
    private static final class Timeline {
        private final double[] hourActivity;
        private final long startMillis;
        private final long endMillis;
        private final double perRow;
        private long bucketStart; // the current UTC hour (or the span's start, if later)
        private double activityBefore;

        Timeline(Instant start, Duration span, double[] hourActivity, long rows) {
            this.hourActivity = hourActivity;
            this.startMillis = start.toEpochMilli();
            this.endMillis = start.plus(span).toEpochMilli();
            double total = 0;
            for (long at = startMillis; at < endMillis; at = nextHour(at)) {
                total += activity(at);
            }
            this.perRow = rows == 0 ? 0 : total / rows;
            this.bucketStart = startMillis;
        }

        Instant timeOf(long index, double u) {
            double target = (index + u) * perRow;
            while (activityBefore + activity(bucketStart) < target && nextHour(bucketStart) < endMillis) {
                activityBefore += activity(bucketStart);
                bucketStart = nextHour(bucketStart);
            }
            double intoBucket = (target - activityBefore) / hourActivity[hourOf(bucketStart)];
            long millis = Math.min(bucketStart + (long) (intoBucket * 3_600_000), endMillis - 1);
            return Instant.ofEpochMilli(Math.max(millis, bucketStart)).truncatedTo(ChronoUnit.SECONDS);
        }

        /** The activity of the bucket starting at {@code at}: its hour's rate times its length in hours. */
        private double activity(long at) {
            return hourActivity[hourOf(at)] * (Math.min(nextHour(at), endMillis) - at) / 3_600_000.0;
        }

        private static long nextHour(long at) {
            return (Math.floorDiv(at, 3_600_000L) + 1) * 3_600_000L;
        }

        private static int hourOf(long at) {
            return (int) Math.floorMod(Math.floorDiv(at, 3_600_000L), 24L);
        }
    }

    /**
     * SplitMix64, written out (and StrictMath used throughout) so the numbers are fixed by this
     * file, not by the JDK or the CPU; fast, and good enough for synthetic data.
     */
    static final class SplitMix {
        private long state;
        private double spareGaussian = Double.NaN;

        SplitMix(long seed) {
            this.state = mix(seed);
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** A uniform double in [0, 1) made from the bits of {@code bits}. */
        static double unit(long bits) {
            return (bits >>> 11) * 0x1.0p-53;
        }

        /** A standard normal value made from {@code bits} alone (for per-customer habits). */
        static double gaussian(long bits) {
            double u1 = unit(bits) + 0x1.0p-54;
            double u2 = unit(mix(bits));
            return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
        }

        double nextDouble() {
            state += 0x9E3779B97F4A7C15L;
            return unit(mix(state));
        }

        /** Marsaglia's polar method; the second value is kept for the next call. */
        double nextGaussian() {
            if (!Double.isNaN(spareGaussian)) {
                double value = spareGaussian;
                spareGaussian = Double.NaN;
                return value;
            }
            double x;
            double y;
            double s;
            do {
                x = 2 * nextDouble() - 1;
                y = 2 * nextDouble() - 1;
                s = x * x + y * y;
            } while (s >= 1 || s == 0);
            double scale = Math.sqrt(-2 * StrictMath.log(s) / s);
            spareGaussian = y * scale;
            return x * scale;
        }

        /** Knuth's method; the means used here are small. */
        int poisson(double mean) {
            double limit = StrictMath.exp(-mean);
            double product = nextDouble();
            int count = 0;
            while (product > limit) {
                product *= nextDouble();
                count++;
            }
            return count;
        }
    }
}
