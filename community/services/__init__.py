"""community's writes, one module per part: each public function runs in one transaction, with
notifications and socket pushes after it commits."""
