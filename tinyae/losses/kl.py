"""Kullback-Leibler divergences: the sparsity penalty and the VAE's latent loss."""
from .. import ops
from ..tensor import as_tensor


def kl_bernoulli(rho, rho_hat):
    """Eq. 15-2, summed over the hidden units j:

        KL(rho || rho_hat) = sum_j [ rho ln(rho / rho_hat_j) + (1 - rho) ln((1 - rho) / (1 - rho_hat_j)) ]

    `rho` is the target activation (a number, e.g. 0.05), `rho_hat` the tensor of mean activations.
    """
    if not 0 < rho < 1:
        raise ValueError(f"kl_bernoulli: rho must be in (0, 1), got {rho!r}")
    rho_hat = as_tensor(rho_hat)
    return (rho * ops.log(rho / rho_hat) + (1 - rho) * ops.log((1 - rho) / (1 - rho_hat))).sum()


def sparsity_kl(activations, rho):
    """The sparse autoencoder's penalty: rho_hat_j = (1/m) sum_i a_j(x_i), the mean activation of
    hidden unit j over the batch of m samples (Eq. 15-1), then kl_bernoulli(rho, rho_hat).
    Activations must lie in (0, 1), i.e. come from a sigmoid."""
    activations = as_tensor(activations)
    if activations.ndim != 2:
        raise ValueError(f"sparsity_kl: activations must have shape (batch, units), got {activations.shape}")
    return kl_bernoulli(rho, activations.mean(axis=0))


def gaussian_kl(mu, log_var):
    """KL(N(mu, sigma^2) || N(0, 1)) of a VAE's encoder, summed over the latent dimensions and
    averaged over the batch:  -1/2 sum_j (1 + ln sigma_j^2 - mu_j^2 - sigma_j^2)."""
    mu, log_var = as_tensor(mu), as_tensor(log_var)
    if mu.shape != log_var.shape:
        raise ValueError(f"gaussian_kl: mu has shape {mu.shape} but log_var has shape {log_var.shape}")
    per_sample = (1 + log_var - mu * mu - ops.exp(log_var)).sum(axis=-1) * -0.5
    return per_sample.mean()
