package dev.logspring.logfire.benchmarks;

import java.util.List;

/**
 * Mean and error of repeated measurements, and the ratio of two means with its propagated error.
 * Errors are 95 % confidence half-widths (Student's t), as JMH reports them.
 */
public record Stats(double mean, double error, int count) {

	/** Student's t at 97.5 % for 1 to 30 degrees of freedom. */
	private static final double[] T = { 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
			2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
			2.052, 2.048, 2.045, 2.042 };

	public static Stats of(List<Double> values) {
		int n = values.size();
		double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		if (n < 2) {
			return new Stats(mean, Double.NaN, n);
		}
		double variance = values.stream().mapToDouble((v) -> (v - mean) * (v - mean)).sum() / (n - 1);
		double t = T[Math.min(n - 2, T.length - 1)];
		return new Stats(mean, t * Math.sqrt(variance / n), n);
	}

	/** this / baseline, with the relative errors added in quadrature. */
	public Stats ratioTo(Stats baseline) {
		double ratio = this.mean / baseline.mean;
		double relative = Math.sqrt(Math.pow(this.error / this.mean, 2) + Math.pow(baseline.error / baseline.mean, 2));
		return new Stats(ratio, ratio * relative, Math.min(this.count, baseline.count));
	}

	public String format(String pattern) {
		return String.format(pattern, this.mean) + " ± " + String.format(pattern, this.error);
	}

}
