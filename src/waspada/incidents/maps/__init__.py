"""The incident map (points and kab/kota choropleth), time-series charts and summary pages (issue 6)."""
