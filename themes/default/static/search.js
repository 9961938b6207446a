(function(w){w.annals=w.annals||{};})(window);
