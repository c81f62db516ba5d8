"""Lesson 15 (denoising with the convolutional autoencoder, seed 002) in quick mode, through the runner:
the chapter's noise (factor 1, clipped to [0, 1], seeded), the same 4,385-parameter conv AE trained
noisy -> clean; its output is far closer to the clean images than its noisy input, and the error left
after denoising grows with the noise level. (Quick mode trains 100 steps per model: at noise level 1
the network is still near the mean image; the full run goes far below it, see RESULTS.md.)"""
import lessons
from saved_files import is_png


def test_lesson_15_denoises(tmp_path, capsys):
    lesson, results, _ = lessons.run("15", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "15_denoising_convolutional_autoencoder"
    assert "Total params: 4,385" in printed and results["total_params"] == 4385
    assert results["noise_factor"] == 1 and results["noise_levels"] == [0.25, 0.5, 1.0]

    # noise_factor 1 on [0, 1] pixels: the noisy inputs are far from the clean images ...
    assert results["noisy_mse"] > 0.2
    # ... and the denoised outputs much closer (well below half the noisy input's error)
    assert results["denoised_mse"] < 0.5 * results["noisy_mse"]
    assert results["val_losses"][-1] < results["val_losses"][0]

    # the curve: more noise, a larger error, before and after denoising
    noisy, denoised = results["noisy_mse_by_level"], results["denoised_mse_by_level"]
    assert noisy[0] < noisy[1] < noisy[2]
    assert denoised[0] < denoised[1] < denoised[2]
    assert denoised[1] < 0.7 * noisy[1] and denoised[2] < 0.5 * noisy[2]
    assert results["denoised_mse_by_level"][2] == results["denoised_mse"]     # level 1 is the chapter's model

    for figure in results["figures"]:
        assert is_png(figure)
