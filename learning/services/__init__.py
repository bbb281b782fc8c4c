"""learning's writes, one module per part; each public function runs in one transaction."""
