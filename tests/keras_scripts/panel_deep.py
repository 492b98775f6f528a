import keras
from keras import layers

# a deeper network, written by hand (the README's code panel screenshots)
model = keras.Sequential([
    keras.Input(shape=(2,)),
    layers.Dense(6, activation='relu'),
    layers.Dense(6, activation='relu'),
    layers.Dense(6, activation='relu'),
    layers.Dense(2, activation='softmax'),
])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.03),
    loss='sparse_categorical_crossentropy',
    metrics=['accuracy'],
)
model.fit(x_train, y_train, epochs=300, batch_size=16,
          validation_data=(x_test, y_test))
