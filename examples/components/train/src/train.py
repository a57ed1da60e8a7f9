"""Trains the fraud model on a folder of transaction CSVs (the `train` component's code)."""
import argparse
import json
import pathlib

import pandas as pd
from sklearn.linear_model import LogisticRegression

FEATURES = ["amount", "hour", "merchant_risk", "card_age_days"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=None)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    frames = [pd.read_csv(path) for path in sorted(pathlib.Path(args.data).glob("*.csv"))]
    data = pd.concat(frames)
    model = LogisticRegression(max_iter=args.epochs * 100).fit(data[FEATURES], data["is_fraud"])

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(json.dumps({
        "kind": "LogisticRegression",
        "features": FEATURES,
        "coefficients": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "threshold": 0.5,
    }, indent=2))


if __name__ == "__main__":
    main()
