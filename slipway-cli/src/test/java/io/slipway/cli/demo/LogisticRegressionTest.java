package io.slipway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    private static final double[][] X = {{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}};
    private static final boolean[] Y = {false, false, true, false, true, true};

    @Test
    void untrainedModelPredictsEvenOddsWithLossLogTwo() {
        LogisticRegression model = new LogisticRegression(1, 0.1, 0);

        assertThat(model.probability(new double[] {3})).isEqualTo(0.5);
        assertThat(model.loss(X, Y)).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void trainingLowersTheLossAndLearnsTheDirection() {
        LogisticRegression model = new LogisticRegression(1, 0.5, 0);
        double before = model.loss(X, Y);

        for (int epoch = 0; epoch < 50; epoch++) {
            model.trainEpoch(X, Y);
        }

        assertThat(model.loss(X, Y)).isLessThan(before);
        assertThat(model.weights()[0]).isPositive();
        assertThat(RocAuc.of(model.probabilities(X), Y)).isGreaterThan(0.8);
    }

    @Test
    void l2PenaltyKeepsWeightsSmaller() {
        LogisticRegression free = new LogisticRegression(1, 0.5, 0);
        LogisticRegression penalised = new LogisticRegression(1, 0.5, 1);

        for (int epoch = 0; epoch < 50; epoch++) {
            free.trainEpoch(X, Y);
            penalised.trainEpoch(X, Y);
        }

        assertThat(Math.abs(penalised.weights()[0])).isLessThan(Math.abs(free.weights()[0]));
    }

    @Test
    void lossStaysFiniteForExtremeScores() {
        LogisticRegression model = new LogisticRegression(1, 1000, 0);
        model.trainEpoch(new double[][] {{1000}}, new boolean[] {true});

        assertThat(model.loss(new double[][] {{-1000}}, new boolean[] {true})).isFinite();
    }
}
