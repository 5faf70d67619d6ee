package io.slipway.core.tracking;

import java.util.List;
import java.util.random.RandomGenerator;

/** Readable run names in MLflow's style: adjective-noun-number, e.g. {@code brave-otter-417}. */
public final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "fast",
            "fierce", "gentle", "glad", "grand", "happy", "honest", "keen", "kind", "lively", "loyal",
            "lucky", "merry", "mighty", "nimble", "noble", "patient", "polite", "proud", "quick", "quiet",
            "rapid", "salty", "sharp", "shy", "silent", "smart", "steady", "sturdy", "sunny", "swift",
            "tidy", "vivid", "warm", "wise", "witty", "zesty");
    private static final List<String> NOUNS = List.of(
            "ant", "bass", "bear", "bee", "bird", "boar", "carp", "cat", "colt", "crab",
            "crane", "deer", "dove", "eel", "elk", "finch", "fox", "frog", "goat", "gull",
            "hare", "hawk", "heron", "ibis", "jay", "koala", "lark", "lynx", "mole", "moose",
            "newt", "owl", "otter", "panda", "pike", "puma", "quail", "ram", "robin", "seal",
            "shark", "sloth", "snail", "swan", "toad", "trout", "vole", "whale", "wolf", "yak");

    private RunNames() {}

    public static String generate(RandomGenerator random) {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
                + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
                + random.nextInt(1000);
    }
}
