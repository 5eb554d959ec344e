package dev.lanes.kernels;

/**
 * The element-wise regression losses of {@link Kernels#regressionLoss(RegressionLoss, float, int, float[], float[], float[])}:
 * each a function ℓ(d) of the difference d = prediction − target and its slope ℓ′(d), as PyTorch 1.13 defines
 * them in {@code torch.nn.functional} (value and backward, the kinks included). The {@code parameter} of the call is
 * δ for {@link #HUBER}, β for {@link #SMOOTH_L1}, and is not read by the others.
 */
public enum RegressionLoss {
    /** {@code F.mse_loss}: ℓ = d², ℓ′ = 2·d. */
    MSE,
    /**
     * {@code F.l1_loss}: ℓ = |d|, ℓ′ = sign(d) as {@code torch.sign} and {@link Math#signum}: 0 at d = ±0 (keeping
     * its sign), NaN at NaN.
     */
    L1,
    /**
     * {@code F.huber_loss(delta=δ)}, δ finite and &gt; 0: ℓ = ½·|d|·|d| where |d| &lt; δ, else δ·(|d| − ½·δ);
     * ℓ′ = d clamped to [−δ, δ] (δ itself at d = δ).
     */
    HUBER,
    /**
     * {@code F.smooth_l1_loss(beta=β)}, β finite and ≥ 0: ℓ = ½·|d|·|d| / β where |d| &lt; β, else |d| − ½·β;
     * ℓ′ = −1 where d ≤ −β, else 1 where d ≥ β, else d / β. With β = 0 the value is L1's, and so is the slope but
     * at d = 0, where PyTorch 1.13's backward (tested first against −β) gives −1, and so does this.
     */
    SMOOTH_L1
}
