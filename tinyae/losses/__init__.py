"""Loss functions and penalties: `from tinyae import losses`."""
from .activity import l1_activity
from .classification import softmax_cross_entropy
from .contractive import contractive_penalty
from .kl import gaussian_kl, kl_bernoulli, sparsity_kl
from .reconstruction import binary_crossentropy, binary_crossentropy_with_logits, mse

__all__ = ["mse", "binary_crossentropy", "binary_crossentropy_with_logits", "kl_bernoulli", "sparsity_kl",
           "gaussian_kl", "l1_activity", "contractive_penalty", "softmax_cross_entropy"]
