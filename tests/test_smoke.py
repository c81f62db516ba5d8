import tinyae as ta
from tinyae import losses, nn, optim


def test_a_small_autoencoder_learns(xp, rng):
    x = ta.tensor(rng.uniform(size=(32, 20)))
    model = nn.Sequential(nn.Dense(20, 8, "tanh"), nn.Dense(8, 20, "sigmoid"))
    opt = optim.Adam(model.parameters(), lr=1e-2)
    first = None
    for _ in range(200):
        loss = losses.mse(model(x), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        first = first if first is not None else loss.item()
    assert loss.item() < 0.5 * first
