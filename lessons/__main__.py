"""`python -m lessons` (or `tinyae-lesson`): list the lessons, run one, or write one as a notebook.

The arguments are read before tinyae is imported, so that --backend decides the backend even when
TINYAE_BACKEND names another (or a wrong) one."""
import argparse
import os
import sys

from . import all_lessons, find_lesson, format_results, output_folder, run, write_notebook


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lessons",
                                     description="List the tinyae lessons, run one, or write one as a notebook.")
    parser.add_argument("lesson", nargs="?", help="number (3 or 03), file name or short name of a lesson")
    parser.add_argument("--quick", action="store_true",
                        help="the same code on a subset, in seconds (also: TINYAE_QUICK=1)")
    parser.add_argument("--backend", choices=("numpy", "cupy"), help="array backend (default: numpy, or $TINYAE_BACKEND)")
    parser.add_argument("--out", help="folder for figures and files (default: ./lesson_output/<lesson>, or $TINYAE_OUT)")
    parser.add_argument("--notebook", nargs="?", const=".", metavar="PATH",
                        help="write the lesson as a Jupyter notebook instead of running it (default: ./<lesson>.ipynb)")
    args = parser.parse_args(argv)

    if args.lesson is None:
        print("Lessons (run one with: python -m lessons N [--quick] [--backend cupy] [--out DIR]):")
        lessons = all_lessons()
        width = max(len(lesson.short_name) for lesson in lessons)
        for lesson in lessons:
            print(f"  {lesson.number:02d}  {lesson.short_name:<{width}}  {lesson.title}")
        return 0
    try:
        lesson = find_lesson(args.lesson)
        if args.notebook is not None:
            print(f"wrote {write_notebook(lesson.name, args.notebook)}")
            return 0
        out = args.out or os.environ.get("TINYAE_OUT")
        if out:
            output_folder(out)
    except (LookupError, OSError, ImportError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    if args.backend is not None:
        os.environ["TINYAE_BACKEND"] = args.backend          # read when tinyae is imported
    try:
        import tinyae  # noqa: F401  (a wrong TINYAE_BACKEND, or CuPy without a GPU, fails here)
    except (ValueError, RuntimeError) as error:
        print(error, file=sys.stderr)     # the backend's errors name TINYAE_BACKEND and its value
        return 2
    lesson, results, seconds = run(lesson.name, quick=True if args.quick else None, backend=args.backend,
                                   out=args.out)
    mode = "quick mode" if os.environ.get("TINYAE_QUICK") == "1" or args.quick else "full mode"
    print(f"\n{lesson.name} ({mode}, {seconds:.1f} s):")
    print(format_results(results))
    _show_open_windows()
    return 0


def _show_open_windows():
    """With a window backend, keep the figures on screen until the learner closes them."""
    from tinyae.plot.figures import display_kind
    if display_kind() == "window":
        import matplotlib.pyplot as plt
        if plt.get_fignums():
            print("(close the figure windows to finish)")
            plt.ioff()
            plt.show()


if __name__ == "__main__":
    sys.exit(main())
