"""Pure figure functions: DataFrame (+ language) -> plotly Figure. No Dash, no database."""
