"""Does the changes correlation with BSV depend on where EM stops? (README, "Ideal points".)

Fits the dynamic model on every GA session at three stopping tolerances and prints, for each,
the iterations, seconds and the validation figures against Bailey–Strezhnev–Voeten 1946–2014.

Run: .venv/bin/python benchmarks/idealpoints_convergence.py   (about 5 minutes on 2 cores)
"""

import time
import warnings

from graphmodel import idealpoints, load_dataset


def main() -> None:
    dataset, bsv = load_dataset(), idealpoints.load_bsv()
    for tol, max_iter in ((1e-3, 150), (1e-4, 600), (1e-5, 2000)):
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimates = idealpoints.estimate(dataset, n_boot=0, tol=tol, max_iter=max_iter)
        seconds = time.perf_counter() - started
        v = idealpoints.validate(estimates, bsv)
        print(
            f"tol {tol:g}: converged {estimates.attrs['converged']} after {estimates.attrs['iterations']} iterations, "
            f"{seconds:.0f} s; changes r {v['changes']:.3f}, within-country r {v['within_median']:.3f}, "
            f"median session r {v['median']:.3f}"
        )


if __name__ == "__main__":
    main()
