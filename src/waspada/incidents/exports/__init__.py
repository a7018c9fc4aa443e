"""Ways out: background exports of the filtered, scoped incident list to CSV, XLSX and GeoJSON (issue 6)."""
