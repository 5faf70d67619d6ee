package io.slipway.cli.demo;

/**
 * Demo workload, not a product trainer: binary logistic regression fitted by full-batch gradient
 * descent on the mean log loss plus an L2 penalty {@code (l2 / 2) * |w|^2} (the bias is not
 * penalised). Features are expected standardised.
 */
public final class LogisticRegression {
    private final double[] weights;
    private double bias;
    private final double learningRate;
    private final double l2;

    public LogisticRegression(int featureCount, double learningRate, double l2) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be positive: " + featureCount);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive: " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must not be negative: " + l2);
        }
        this.weights = new double[featureCount];
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /** One epoch: a single gradient step over all rows. */
    public void trainEpoch(double[][] x, boolean[] y) {
        double[] weightGradient = new double[weights.length];
        double biasGradient = 0;
        for (int i = 0; i < x.length; i++) {
            double error = probability(x[i]) - (y[i] ? 1 : 0);
            for (int j = 0; j < weights.length; j++) {
                weightGradient[j] += error * x[i][j];
            }
            biasGradient += error;
        }
        for (int j = 0; j < weights.length; j++) {
            weights[j] -= learningRate * (weightGradient[j] / x.length + l2 * weights[j]);
        }
        bias -= learningRate * biasGradient / x.length;
    }

    /** The objective being minimised: mean log loss plus the L2 penalty. */
    public double loss(double[][] x, boolean[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double z = logit(x[i]);
            // log(1 + e^z) - y*z, written so that neither exp overflows
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] ? z : 0);
        }
        double penalty = 0;
        for (double w : weights) {
            penalty += w * w;
        }
        return sum / x.length + l2 / 2 * penalty;
    }

    /** The predicted probability of the positive class. */
    public double probability(double[] row) {
        return 1 / (1 + Math.exp(-logit(row)));
    }

    public double[] probabilities(double[][] x) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = probability(x[i]);
        }
        return p;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    private double logit(double[] row) {
        double z = bias;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * row[j];
        }
        return z;
    }
}
