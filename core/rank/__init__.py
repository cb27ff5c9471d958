"""Personal ranking: tf-idf over title and abstract and a linear classifier trained on what the
reader liked, starred, read and hid, against every stored paper as the unlabelled background.

Pure: no Textual, no arXiv or PDF access. numpy and scipy are imported only by the modules
that train or score (`features`, `model`, `ranker`), scikit-learn only to train: never at
start-up.
"""
