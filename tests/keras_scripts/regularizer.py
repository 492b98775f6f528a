import tensorflow as tf
layer = tf.keras.layers.Dense(64, activation="relu",
                              kernel_regularizer=tf.keras.regularizers.OrthogonalRegularizer(0.01))
