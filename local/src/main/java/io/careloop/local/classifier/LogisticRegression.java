package io.careloop.local.classifier;

import java.util.List;

/**
 * Minimises the liblinear L2 logistic-regression objective
 * {@code ½‖w‖² + C Σ cᵢ log(1 + exp(−yᵢ w·xᵢ))} (the bias column left unregularised) with L-BFGS and an Armijo
 * backtracking line search, to a tight gradient tolerance: the answer depends on the data, not on the order of
 * visits or a learning rate, so training is reproducible.
 */
final class LogisticRegression {
    private static final int HISTORY = 10;
    private static final int MAX_ITERATIONS = 2000;
    private static final double TOLERANCE = 1e-6;

    private LogisticRegression() {
    }

    static double[] minimise(List<int[]> index, List<double[]> value, double[] y, double[] sampleWeight, double c,
                             int width, int unregularised) {
        double[] w = new double[width];
        double[] g = new double[width];
        double f = objective(index, value, y, sampleWeight, c, w, g, unregularised);
        double g0 = norm(g);
        double[][] s = new double[HISTORY][];
        double[][] t = new double[HISTORY][];
        double[] rho = new double[HISTORY];
        int stored = 0;
        int next = 0;
        double[] direction = new double[width];
        double[] candidate = new double[width];
        double[] candidateGradient = new double[width];
        for (int iteration = 0; iteration < MAX_ITERATIONS && norm(g) > TOLERANCE * Math.max(1, g0); iteration++) {
            // two-loop recursion: direction = −H·g
            System.arraycopy(g, 0, direction, 0, width);
            double[] alpha = new double[HISTORY];
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(next - 1 - k, HISTORY);
                alpha[j] = rho[j] * dot(s[j], direction);
                axpy(-alpha[j], t[j], direction);
            }
            if (stored > 0) {
                int last = Math.floorMod(next - 1, HISTORY);
                double gamma = dot(s[last], t[last]) / dot(t[last], t[last]);
                scale(gamma, direction);
            } else {
                scale(1 / Math.max(1, norm(g)), direction);
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(next - 1 - k, HISTORY);
                double beta = rho[j] * dot(t[j], direction);
                axpy(alpha[j] - beta, s[j], direction);
            }
            scale(-1, direction);
            double slope = dot(g, direction);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                System.arraycopy(g, 0, direction, 0, width);
                scale(-1 / Math.max(1, norm(g)), direction);
                slope = dot(g, direction);
            }
            double step = 1;
            double fNew;
            while (true) {
                for (int i = 0; i < width; i++) {
                    candidate[i] = w[i] + step * direction[i];
                }
                fNew = objective(index, value, y, sampleWeight, c, candidate, candidateGradient, unregularised);
                if (fNew <= f + 1e-4 * step * slope || step < 1e-12) {
                    break;
                }
                step /= 2;
            }
            double[] sk = new double[width];
            double[] tk = new double[width];
            for (int i = 0; i < width; i++) {
                sk[i] = candidate[i] - w[i];
                tk[i] = candidateGradient[i] - g[i];
            }
            double st = dot(sk, tk);
            System.arraycopy(candidate, 0, w, 0, width);
            System.arraycopy(candidateGradient, 0, g, 0, width);
            boolean stalled = f - fNew <= 1e-12 * Math.max(1, Math.abs(f));
            f = fNew;
            if (stalled) {
                break;
            }
            if (st > 1e-12) {
                s[next] = sk;
                t[next] = tk;
                rho[next] = 1 / st;
                next = (next + 1) % HISTORY;
                stored = Math.min(stored + 1, HISTORY);
            }
        }
        return w;
    }

    private static double objective(List<int[]> index, List<double[]> value, double[] y, double[] sampleWeight,
                                    double c, double[] w, double[] gradient, int unregularised) {
        double f = 0;
        for (int j = 0; j < w.length; j++) {
            if (j != unregularised) {
                f += 0.5 * w[j] * w[j];
                gradient[j] = w[j];
            } else {
                gradient[j] = 0;
            }
        }
        for (int r = 0; r < y.length; r++) {
            int[] idx = index.get(r);
            double[] val = value.get(r);
            double z = 0;
            for (int k = 0; k < idx.length; k++) {
                z += w[idx[k]] * val[k];
            }
            double margin = y[r] * z;
            // log(1 + exp(−m)) computed without overflow
            double loss = margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
            f += c * sampleWeight[r] * loss;
            double sigma = 1 / (1 + Math.exp(margin));
            double factor = -c * sampleWeight[r] * y[r] * sigma;
            for (int k = 0; k < idx.length; k++) {
                gradient[idx[k]] += factor * val[k];
            }
        }
        return f;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
