"""`python -m lessons` (or `tinyae-lesson`): list the lessons, or run one."""
import argparse
import sys

from . import all_lessons, format_results, run


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lessons",
                                     description="List the tinyae lessons, or run one.")
    parser.add_argument("lesson", nargs="?", help="number (3 or 03), file name or short name of a lesson")
    parser.add_argument("--quick", action="store_true", help="the same code on a subset, in seconds")
    parser.add_argument("--backend", choices=("numpy", "cupy"), help="array backend (default: numpy, or $TINYAE_BACKEND)")
    parser.add_argument("--out", help="folder for figures and files (default: ./lesson_output/<lesson>)")
    args = parser.parse_args(argv)

    if args.lesson is None:
        print("Lessons (run one with: python -m lessons N [--quick] [--backend cupy] [--out DIR]):")
        lessons = all_lessons()
        width = max(len(lesson.short_name) for lesson in lessons)
        for lesson in lessons:
            print(f"  {lesson.number:02d}  {lesson.short_name:<{width}}  {lesson.title}")
        return 0
    try:
        lesson, results, seconds = run(args.lesson, quick=args.quick, backend=args.backend, out=args.out)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 2
    mode = "quick mode" if args.quick else "full mode"
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
