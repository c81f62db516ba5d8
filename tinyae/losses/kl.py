"""Kullback-Leibler divergences: the sparsity penalty and the VAE's latent loss."""
from .. import ops
from ..tensor import Tensor, TensorLike, as_tensor
from ._checks import in_unit_interval
from .reduction import check_reduction, reduce

EPSILON = 1e-7      # Keras's backend.epsilon(), the clip its losses use
RHO_HAT_HINT = ("a unit's mean activation is its probability of being on, from a sigmoid code; a ReLU or tanh "
                "code has no such probability (clipped, it would get a constant penalty with no gradient): give "
                "the code a sigmoid, or penalise a ReLU code with losses.l1_activity")


def kl_bernoulli(rho: float, rho_hat: TensorLike, reduction: str = "sum", eps: float = EPSILON) -> Tensor:
    """Eq. 15-2, one term per hidden unit j (summed over j by default, as the equation writes it):

        KL(rho || rho_hat_j) = rho ln(rho / rho_hat_j) + (1 - rho) ln((1 - rho) / (1 - rho_hat_j))

    `rho` is the target activation (a number, e.g. 0.05), `rho_hat` the tensor of mean activations.
    rho_hat is first clipped to [eps, 1 - eps] (eps = 1e-7, Keras's epsilon, as Keras clips its
    KL and cross-entropy), so that a saturated float32 sigmoid (rho_hat exactly 1) or a dead unit
    (exactly 0) gives a finite penalty, at most about 16 per unit, and a finite gradient (zero
    where clipped, as the clip's derivative is). reduction: "sum" (default) over the units, "mean"
    over the units, "none" one value per unit (rho_hat's shape). Values outside [0, 1] are refused:
    clipped, they would give a constant penalty with no gradient.
    """
    if not 0 < rho < 1:
        raise ValueError(f"kl_bernoulli: rho must be in (0, 1), got {rho!r}")
    check_reduction("kl_bernoulli", reduction)
    rho_hat = as_tensor(rho_hat)
    in_unit_interval("kl_bernoulli", "rho_hat (each unit's mean activation, as sparsity_kl takes it) must hold "
                     "values", rho_hat, RHO_HAT_HINT)
    rho_hat = ops.clip(rho_hat, eps, 1 - eps)
    terms = rho * ops.log(rho / rho_hat) + (1 - rho) * ops.log((1 - rho) / (1 - rho_hat))
    return reduce(terms, reduction)


def sparsity_kl(activations: TensorLike, rho: float, reduction: str = "sum") -> Tensor:
    """The sparse autoencoder's penalty: rho_hat_j = (1/m) sum_i a_j(x_i), the mean activation of
    hidden unit j over the batch of m samples (Eq. 15-1), then kl_bernoulli(rho, rho_hat): one value
    per hidden unit, summed by default ("mean" over the units, "none" the (units,) values).
    Activations should lie in [0, 1], i.e. come from a sigmoid; rho_hat is clipped as kl_bernoulli says."""
    activations = as_tensor(activations)
    if activations.ndim != 2:
        raise ValueError(f"sparsity_kl: activations must have shape (batch, units), got {activations.shape}")
    return kl_bernoulli(rho, activations.mean(axis=0), reduction=check_reduction("sparsity_kl", reduction))


def gaussian_kl(mu: TensorLike, log_var: TensorLike, reduction: str = "mean") -> Tensor:
    """KL(N(mu, sigma^2) || N(0, 1)) of a VAE's encoder, one value per example, summed over the
    latent dimensions j (every axis but the first):  -1/2 sum_j (1 + ln sigma_j^2 - mu_j^2 - sigma_j^2).
    reduction: "mean" (default) over the examples, "sum" over them, "none" the (N,) values."""
    mu, log_var = as_tensor(mu), as_tensor(log_var)
    if mu.shape != log_var.shape:
        raise ValueError(f"gaussian_kl: mu has shape {mu.shape} but log_var has shape {log_var.shape}")
    if mu.ndim < 2:
        raise ValueError(f"gaussian_kl: mu and log_var must have a batch axis and latent axes, shape (N, latent...), "
                         f"got shape {mu.shape}")
    latent = tuple(range(1, mu.ndim))
    per_example = (1 + log_var - mu * mu - ops.exp(log_var)).sum(axis=latent) * -0.5
    return reduce(per_example, check_reduction("gaussian_kl", reduction))
