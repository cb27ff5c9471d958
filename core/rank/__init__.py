"""Personal ranking: tf-idf over title and abstract and a linear classifier trained on what the
reader liked, starred, read and hid, against every stored paper as the unlabelled background.

Pure: no Textual, no arXiv or PDF access. numpy, scipy and scikit-learn are imported only by
the modules that train or score (`features`, `model`, `ranker`), never at start-up.
"""
