package dev.logspring.sample.pipeline;

import java.util.List;

/**
 * A small logistic-regression model trained by batch gradient descent: enough to give the
 * pipeline a real training step and a real accuracy, in plain Java.
 */
final class LogisticRegression {

	private final double[] weights;

	private LogisticRegression(double[] weights) {
		this.weights = weights;
	}

	static LogisticRegression train(List<double[]> features, List<Boolean> labels, int epochs, double learningRate) {
		// Arrays, read once: the epochs loop over them thousands of times.
		double[][] rows = features.toArray(double[][]::new);
		double[] targets = labels.stream().mapToDouble((label) -> label ? 1 : 0).toArray();
		int width = rows[0].length;
		double[] weights = new double[width + 1];
		for (int epoch = 0; epoch < epochs; epoch++) {
			double[] gradient = new double[width + 1];
			for (int i = 0; i < rows.length; i++) {
				double[] row = rows[i];
				double error = predict(weights, row) - targets[i];
				gradient[0] += error;
				for (int j = 0; j < width; j++) {
					gradient[j + 1] += error * row[j];
				}
			}
			for (int j = 0; j <= width; j++) {
				weights[j] -= learningRate * gradient[j] / rows.length;
			}
		}
		return new LogisticRegression(weights);
	}

	boolean predict(double[] row) {
		return predict(this.weights, row) >= 0.5;
	}

	double accuracy(List<double[]> features, List<Boolean> labels) {
		int correct = 0;
		for (int i = 0; i < features.size(); i++) {
			if (predict(features.get(i)) == labels.get(i)) {
				correct++;
			}
		}
		return (double) correct / features.size();
	}

	private static double predict(double[] weights, double[] row) {
		double z = weights[0];
		for (int j = 0; j < row.length; j++) {
			z += weights[j + 1] * row[j];
		}
		return 1.0 / (1.0 + Math.exp(-z));
	}

}
