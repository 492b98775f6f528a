import keras
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
model.compile(optimizer='adamax', loss='sparse_categorical_crossentropy')
